import { describe, expect, it } from 'vitest';
import { documentBytes, documentFile } from '../model/document.js';
import { samplePdf, samplePdfDocument } from './sample-pdf.js';

/** Reads the classic cross-reference table the way a PDF reader does: from `startxref` at the end. */
function readXref(pdf: string): { xrefAt: number; size: number; offsets: number[] } {
  const m = /startxref\n(\d+)\n%%EOF\n?$/.exec(pdf);
  if (!m) throw new Error('no startxref');
  const xrefAt = Number(m[1]);
  const lines = pdf.slice(xrefAt).split('\n');
  expect(lines[0]).toBe('xref');
  const [first, count] = lines[1]!.split(' ').map(Number);
  expect(first).toBe(0);
  const entries = lines.slice(2, 2 + count!);
  // Each entry is exactly 20 bytes: 10 digits, space, 5 digits, space, n/f, space, newline.
  for (const e of entries) expect(`${e}\n`).toMatch(/^\d{10} \d{5} [nf] \n$/);
  expect(entries[0]).toBe('0000000000 65535 f ');
  const trailer = /trailer\n<< \/Size (\d+) \/Root 1 0 R >>/.exec(pdf);
  expect(trailer).not.toBeNull();
  return { xrefAt, size: Number(trailer![1]), offsets: entries.slice(1).map((e) => Number(e.slice(0, 10))) };
}

describe('samplePdf', () => {
  it('produces a well-formed PDF: header, objects at the xref offsets, trailer and %%EOF', () => {
    const pdf = samplePdf('Rechnung RE21-01040 I-Learn GmbH 10.495,00 EUR').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const { xrefAt, size, offsets } = readXref(pdf);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    expect(size).toBe(offsets.length + 1);
    expect(offsets).toHaveLength(5);
    offsets.forEach((off, i) => {
      expect(pdf.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
  });

  it('declares the exact length of its content stream', () => {
    const pdf = samplePdf('Hello').toString('latin1');
    const m = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf);
    expect(m).not.toBeNull();
    expect(m![2]).toHaveLength(Number(m![1]));
    expect(m![2]).toContain('(Hello) Tj');
  });

  it('escapes parentheses and backslashes and replaces non-ASCII so offsets stay byte offsets', () => {
    const buf = samplePdf('Börse (GmbH) \\ 10.495,00 €');
    const pdf = buf.toString('latin1');
    expect(buf.length).toBe(pdf.length);
    expect([...pdf].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(pdf).toContain('(B?rse \\(GmbH\\) \\\\ 10.495,00 ?) Tj');
    const { offsets } = readXref(pdf);
    offsets.forEach((off, i) => {
      expect(pdf.slice(off).startsWith(`${i + 1} 0 obj`)).toBe(true);
    });
  });

  it('samplePdfDocument is accepted by the documentFile schema and decodes back to the same bytes', () => {
    const doc = samplePdfDocument('RE21-01039.pdf', 'Rechnung RE21-01039');
    const parsed = documentFile.parse(doc);
    expect(parsed.contentType).toBe('application/pdf');
    expect(documentBytes(parsed).equals(samplePdf('Rechnung RE21-01039'))).toBe(true);
  });
});
