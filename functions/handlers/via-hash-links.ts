import { apiHandler } from '../http/api-handler.js';
import { baseUrl } from '../http/base-url.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-hash-links.js';
import { awsLinks } from '../wiring/links.js';

/** The composition root: the reject-link use cases and their AWS ports, built once per cold start. */
const links = awsLinks();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await links.createLinks(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body.recipients,
      baseUrl(req.headers),
    ),
  ),
);

export const handler = apiHandler(operation);
