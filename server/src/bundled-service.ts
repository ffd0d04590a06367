/** The language service over the schemas bundled at build time (server/generated). */
import { validatorLoaders } from '../generated/validators';
import { createMeshLanguageService, type MeshLanguageService } from './service/language-service';
import type { SchemaCatalog } from './service/schema/types';

// Loaded with require: letting TypeScript infer a type for 1 MB of JSON would slow every type-check.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catalog = require('../generated/catalog.json') as SchemaCatalog;

export function createBundledService(): MeshLanguageService {
  return createMeshLanguageService({ catalog, validators: validatorLoaders });
}
