/** Bounds applied to every document before and while it is parsed. */
export interface XmlLimits {
  /** Largest document, in UTF-16 code units of the decoded text. */
  readonly maxChars: number;
  /** Deepest element nesting. CWMP's deepest message (ChangeDUState) needs about 8. */
  readonly maxDepth: number;
  /** Most start tags in one document. 10,000 parameters take about 40,000. */
  readonly maxElements: number;
  /** Longest attribute value. */
  readonly maxAttributeLength: number;
}

/**
 * Defaults sized for a GetParameterValuesResponse of a large device
 * (10,000+ parameters, a few MB) while refusing anything absurd.
 */
export const defaultXmlLimits: XmlLimits = {
  maxChars: 16 * 1024 * 1024,
  maxDepth: 32,
  maxElements: 250_000,
  maxAttributeLength: 4096,
};
