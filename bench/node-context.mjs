// What a Node.js child of the bench needs: the package (dist/node), the corpora bytes, the Ajv validator.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The OpenAPI schema of the spec: $IMAGETAG_SCHEMA, else shared/spec next to the repo, else /work/shared/spec. */
export function schemaPath() {
  const candidates = [
    process.env.IMAGETAG_SCHEMA,
    path.join(root, '..', 'shared', 'spec', 'imagetag-openapi.schema.json'),
    path.join(root, '..', '..', 'shared', 'spec', 'imagetag-openapi.schema.json'),
    '/work/shared/spec/imagetag-openapi.schema.json',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `imagetag-openapi.schema.json not found (set IMAGETAG_SCHEMA); looked in:\n  ${candidates.join('\n  ')}`,
    );
  return found;
}

export async function loadApi() {
  return import(pathToFileURL(path.join(root, 'dist', 'node', 'index.mjs')).href);
}

export async function loadAjv() {
  const { compileListValidator } = await import('./ajv-baseline.mjs');
  return compileListValidator(JSON.parse(readFileSync(schemaPath(), 'utf8')));
}

/** Reads list.json / full.json / meta.json of a corpus directory written by bench/run.mjs. */
export function loadCorpus(dir, which = ['list', 'full']) {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const out = { meta };
  if (which.includes('list')) out.listText = readFileSync(path.join(dir, 'list.json'), 'utf8');
  if (which.includes('full')) out.fullTags = JSON.parse(readFileSync(path.join(dir, 'full.json'), 'utf8'));
  return out;
}
