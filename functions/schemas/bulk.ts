import { z } from 'zod';
import { MAX_UPLOAD_BYTES } from '../domain/bulk/rows.js';
import { codes } from '../domain/validation.js';

/** Bulk files (api.md "Bulk files"): the upload request, its answer and the status. */
export const uploadRequest = z
  .strictObject({
    format: z.enum(['csv', 'jsonl', 'xlsx'], codes('X008', 'X008')).meta({
      description: 'csv, jsonl (JSON Lines) or xlsx (the Excel template: first sheet, CSV column names).',
    }),
    sizeBytes: z.number(codes('X061', 'X061')).int('X061').min(1, 'X061').max(MAX_UPLOAD_BYTES, 'X061').meta({
      description: 'Exact size of the file in bytes (at most 5 GB); the upload URL accepts only this size.',
    }),
  })
  .meta({ id: 'BulkUploadRequest', example: { format: 'csv', sizeBytes: 73400320 } });

export const uploadTarget = z
  .object({
    uploadId: z.string(),
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
    maxBytes: z.number().int(),
  })
  .meta({ id: 'BulkUploadTarget' });

export const uploadStatus = z
  .object({
    uploadId: z.string(),
    status: z.enum(['WAITING', 'RECEIVED', 'PROCESSING', 'COMPLETED', 'FAILED']),
    reason: z.string().optional(),
    reasonCode: z.string().optional(),
    format: z.enum(['csv', 'jsonl', 'xlsx']),
    sizeBytes: z.number().int(),
    rows: z.object({
      seen: z.number().int(),
      done: z.number().int(),
      success: z.number().int(),
      failure: z.number().int(),
    }),
    errorsByCode: z.record(z.string(), z.number().int()),
    createdAt: z.string(),
    reportUrl: z.string().optional(),
    reportExpiresAt: z.string().optional(),
  })
  .meta({ id: 'BulkUploadStatus' });
