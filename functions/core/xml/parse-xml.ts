import { XMLParser } from "fast-xml-parser";
import {
  ForbiddenXmlConstructError,
  MalformedXmlError,
  XmlLimitExceededError,
} from "./xml-errors.ts";
import type { XmlLimits } from "./xml-limits.ts";
import type { XmlObject } from "./xml-node.ts";

/** The document element with its qualified name and fast-xml-parser node. */
export interface XmlDocument {
  readonly rootName: string;
  readonly root: XmlObject;
}

export type XmlParse = (text: string) => XmlDocument;

// Only XML's five named entities; passing them as an object also turns on
// numeric character references (&#65; &#x42;), which CPEs do send.
const xmlEntities = { amp: "&", apos: "'", gt: ">", lt: "<", quot: '"' };

/**
 * Builds a bounded, entity-safe XML parser on fast-xml-parser.
 * Text is kept verbatim (no trimming, no number guessing) so parameter
 * values such as "007" or " home " survive; callers trim names themselves.
 */
export function createXmlParser(limits: XmlLimits): XmlParse {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    // Typed as boolean, but the parser also takes an entity table (see above).
    htmlEntities: xmlEntities as unknown as boolean,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: limits.maxDepth,
    attributeValueProcessor: (_name: string, value: string) => {
      if (value.length > limits.maxAttributeLength) {
        throw new XmlLimitExceededError("attributeLength", limits.maxAttributeLength);
      }
      return value;
    },
  });
  return (text) => {
    preScan(text, limits);
    let parsed: unknown;
    try {
      parsed = parser.parse(text);
    } catch (error) {
      if (error instanceof XmlLimitExceededError) throw error;
      if (error instanceof Error && /Maximum nested tags/.test(error.message)) {
        throw new XmlLimitExceededError("depth", limits.maxDepth);
      }
      throw new MalformedXmlError(error instanceof Error ? error.message : "parser failure", {
        cause: error,
      });
    }
    return rootOf(parsed, text);
  };
}

/**
 * One cheap pass before parsing: size, forbidden declarations and the
 * element count, so a hostile body is refused before any tree is built.
 */
function preScan(text: string, limits: XmlLimits): void {
  if (text.length > limits.maxChars) throw new XmlLimitExceededError("bodyBytes", limits.maxChars);
  let elements = 0;
  let at = text.indexOf("<");
  while (at !== -1) {
    const next = text.charCodeAt(at + 1);
    if (next === 0x21 /* ! */) refuseDeclaration(text, at);
    else if (next !== 0x2f /* / */ && next !== 0x3f /* ? */) {
      elements += 1;
      if (elements > limits.maxElements) {
        throw new XmlLimitExceededError("elements", limits.maxElements);
      }
    }
    at = text.indexOf("<", at + 1);
  }
}

// Comments and CDATA are harmless; any other <! is DOCTYPE/ENTITY/ELEMENT/... (XXE).
function refuseDeclaration(text: string, at: number): void {
  if (text.startsWith("<!--", at) || text.startsWith("<![CDATA[", at)) return;
  const word = /^<!([A-Za-z]*)/.exec(text.slice(at, at + 16))?.[1] ?? "";
  throw new ForbiddenXmlConstructError(word ? word.toUpperCase() : "<!");
}

function rootOf(parsed: unknown, text: string): XmlDocument {
  if (typeof parsed !== "object" || parsed === null) throw new MalformedXmlError("no document");
  const names = Object.keys(parsed);
  if (names.length !== 1) {
    throw new MalformedXmlError(names.length === 0 ? "no root element" : "several root elements");
  }
  const rootName = names[0] as string;
  const root = (parsed as Record<string, unknown>)[rootName];
  if (Array.isArray(root)) throw new MalformedXmlError("several root elements");
  const element = typeof root === "object" && root !== null ? (root as XmlObject) : {};
  assertComplete(text, rootName, element);
  return { rootName, root: element };
}

// fast-xml-parser tolerates a missing end; a truncated body must not pass as
// a shorter message (it would silently lose parameters), so a root with
// children has to end with its own end tag.
function assertComplete(text: string, rootName: string, root: XmlObject): void {
  const tail = text.slice(-rootName.length - 64).trimEnd();
  if (new RegExp(`</\\s*${escapeRegExp(rootName)}\\s*>$`).test(tail)) return;
  const hasChildren = Object.keys(root).some((key) => !key.startsWith("@_") && key !== "#text");
  if (hasChildren || !tail.endsWith("/>")) {
    throw new MalformedXmlError(`document ends before </${rootName}>`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
