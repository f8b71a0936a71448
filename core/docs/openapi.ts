import fs from 'node:fs';
import path from 'node:path';
import type { InstalledModule } from '../modules/manifest';
import { sourceRoot } from '../kernel/paths';

/** The subset of an OpenAPI 3 document we merge. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  tags?: Array<{ name: string; description?: string }>;
  [key: string]: unknown;
}

export const CORE_OPENAPI_FILE = path.join(sourceRoot, 'core', 'generated', 'openapi.json');

function read(file: string): OpenApiDocument | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument;
}

/**
 * One document for the core and every installed module. tsoa writes one per routes file; paths are
 * disjoint by construction (each module owns its prefix), and a schema name defined differently by
 * two documents is an error rather than a silent overwrite.
 */
export function mergeOpenApi(appName: string, version: string, modules: readonly InstalledModule[], coreFile = CORE_OPENAPI_FILE): OpenApiDocument {
  const merged: OpenApiDocument = {
    openapi: '3.0.0',
    info: { title: `${appName} API`, version, description: 'REST API of The Logbook. All paths are under /api/v1; errors are `{detail, code, status, request_id}`.' },
    servers: [{ url: '/' }],
    paths: {},
    components: { schemas: {}, securitySchemes: {} },
    tags: [],
  };
  const sources = [{ name: 'core', doc: read(coreFile) }, ...modules.map((m) => ({ name: m.manifest.key, doc: read(m.openapiFile) }))];
  for (const { name, doc } of sources) {
    if (!doc) continue;
    const base = doc.servers?.[0]?.url && doc.servers[0].url !== '/' ? doc.servers[0].url.replace(/\/$/, '') : '';
    for (const [p, ops] of Object.entries(doc.paths ?? {})) {
      const full = base + p;
      if (merged.paths[full]) throw new Error(`OpenAPI path ${full} is defined by two documents (second: ${name})`);
      merged.paths[full] = ops;
    }
    for (const [k, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const existing = merged.components!.schemas![k];
      if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) throw new Error(`OpenAPI schema ${k} differs between documents (second: ${name})`);
      merged.components!.schemas![k] = schema;
    }
    Object.assign(merged.components!.securitySchemes!, doc.components?.securitySchemes ?? {});
    for (const tag of doc.tags ?? []) if (!merged.tags!.some((t) => t.name === tag.name)) merged.tags!.push(tag);
  }
  return merged;
}
