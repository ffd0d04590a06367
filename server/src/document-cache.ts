/**
 * Parsed documents per URI. A new version is parsed against the previous one, so the `---` documents
 * an edit did not touch keep their parse and their memoised diagnostics.
 */
import type { MeshLanguageService, MeshTextDocument } from './service/language-service';

export class DocumentCache {
  private readonly parsed = new Map<string, MeshTextDocument>();

  constructor(private readonly service: MeshLanguageService) {}

  get(uri: string, version: number, text: () => string): MeshTextDocument {
    const previous = this.parsed.get(uri);
    if (previous && previous.file.version === version) return previous;
    const doc = this.service.parse(uri, version, text(), previous);
    this.parsed.set(uri, doc);
    return doc;
  }

  delete(uri: string): void {
    this.parsed.delete(uri);
  }
}
