import { describe, expect, it } from 'vitest';
import { DEFAULT_MANIFEST_LIMITS, lineOf, parseManifests } from './manifest.js';

describe('parseManifests()', () => {
  it('reads several documents with file, document and line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n# comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  namespace: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
    const { objects, issues } = parseManifests(text, 'f.yaml');
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.name, o.namespace, o.source.document, o.source.line])).toEqual([
      ['a', undefined, 1, 1],
      ['b', 'x', 2, 7],
    ]);
    expect(lineOf(objects[1]!, 'spec.containers.0.image')).toBe(15);
  });

  it('expands List kinds with the line of each item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: one}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: two}\n';
    const { objects } = parseManifests(text, 'l.yaml');
    expect(objects.map((o) => [o.kind, o.name, o.source.line])).toEqual([
      ['ConfigMap', 'one', 4],
      ['Secret', 'two', 7],
    ]);
    expect(lineOf(objects[1]!, 'metadata.name')).toBe(9);
  });

  it('reads JSON', () => {
    const { objects } = parseManifests('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}', 'n.json');
    expect(objects[0]?.kind).toBe('Namespace');
  });

  it.each`
    name                    | text                                                        | code
    ${'a scalar document'}  | ${'just a string'}                                          | ${'NOT_AN_OBJECT'}
    ${'a list document'}    | ${'- a\n- b'}                                               | ${'NOT_AN_OBJECT'}
    ${'no kind'}            | ${'apiVersion: v1\nmetadata: {name: x}'}                    | ${'MISSING_KIND'}
    ${'kind is a number'}   | ${'apiVersion: v1\nkind: 3'}                                | ${'MISSING_KIND'}
    ${'bad syntax'}         | ${'a: [1, 2\nb: }'}                                         | ${'YAML_SYNTAX'}
    ${'List items not list'}| ${'apiVersion: v1\nkind: List\nitems: 3'}                   | ${'BAD_LIST'}
  `('reports $name as $code naming the file and document', ({ text, code }: { text: string; code: string }) => {
    const { objects, issues } = parseManifests(`apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\n${text}\n`, 'bad.yaml');
    expect(objects.map((o) => o.name)).toEqual(['ok']);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe(code);
    expect(issues[0]!.source).toMatchObject({ file: 'bad.yaml', document: 2 });
  });

  it('stops an alias bomb quickly with ALIAS_LIMIT', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    const start = Date.now();
    const { objects, issues } = parseManifests(text, 'bomb.yaml');
    expect(Date.now() - start).toBeLessThan(2000);
    expect(objects).toEqual([]);
    expect(issues[0]?.code).toBe('ALIAS_LIMIT');
    expect(issues[0]?.message).toContain('bomb.yaml document 1');
  });

  it('flags duplicate keys with both lines and keeps reading', () => {
    const { objects, issues } = parseManifests('apiVersion: v1\nkind: Pod\nspec:\n  a: 1\n  a: 2\n', 'd.yaml');
    expect(objects).toHaveLength(1);
    expect(issues).toMatchObject([{ code: 'DUPLICATE_KEY', source: { line: 5 } }]);
    expect(issues[0]!.message).toContain('first at line 4');
  });

  it.each`
    limit                    | value | text                                                           | code
    ${'maxFileChars'}        | ${10} | ${'apiVersion: v1\nkind: Pod\n'}                               | ${'FILE_TOO_LARGE'}
    ${'maxDocumentsPerFile'} | ${1}  | ${'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod'} | ${'TOO_MANY_DOCUMENTS'}
    ${'maxNodesPerDocument'} | ${3}  | ${'apiVersion: v1\nkind: Pod\nspec: {a: 1, b: 2}'}             | ${'DOCUMENT_TOO_LARGE'}
  `('enforces $limit', ({ limit, value, text, code }: { limit: string; value: number; text: string; code: string }) => {
    const { issues } = parseManifests(text, 'x.yaml', { ...DEFAULT_MANIFEST_LIMITS, [limit]: value });
    expect(issues.map((i) => i.code)).toContain(code);
  });

  it('survives deeply nested input', () => {
    const text = `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const { issues } = parseManifests(text, 'deep.yaml');
    expect(issues.length).toBeGreaterThan(0);
  });
});
