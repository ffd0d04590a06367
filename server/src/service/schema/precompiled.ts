/**
 * The precompiled ajv validators shipped by @kubernetes-models/* hold the exact constraints the
 * declarations lose (patterns, integer vs number, minimum/maximum, lengths, formats).
 */
export interface PrecompiledError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: PrecompiledError[] | null;
}

/** Returns the validator of `apiVersion/kind`, loading it on first use; undefined when none ships. */
export type ValidatorLookup = (apiVersionKind: string) => PrecompiledValidator | undefined;

export function lazyValidators(loaders: Record<string, () => PrecompiledValidator>): ValidatorLookup {
  const loaded = new Map<string, PrecompiledValidator | undefined>();
  return (key) => {
    if (!loaded.has(key)) {
      const load = loaders[key];
      loaded.set(key, load ? load() : undefined);
    }
    return loaded.get(key);
  };
}
