import { apiHandler } from '../http/api-handler.js';
import { implement, type Response } from '../http/operation.js';
import { invalidLink, questionPage } from '../http/via-pages.js';
import { spec } from '../specs/via-link-page.js';
import { awsVia } from '../wiring/via.js';

/**
 * GET /v/{requestId}/{token}: the recipient's page of a ViA short link or approval URL. It shows the form's
 * text and what is asked, and changes nothing but the "opened" mark: a mail scanner following the link
 * approves nothing. No script; the form posts to this same address (strict CSP, functions/http/html.ts).
 */

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req): Promise<Response> => {
  const v = await via.viewLink(req.path.requestId ?? '', req.path.token ?? '');
  if (v.state !== 'OPEN') return invalidLink();
  return questionPage(v);
});

export const handler = apiHandler(operation);
