import { parseMermaid, renderMermaidASCII, renderMermaidSVG } from 'beautiful-mermaid';
import { visibleLength } from '../cli/terminal.js';
import { readStatements } from './mermaid-statements.js';

/**
 * The README's Mermaid diagrams, drawn without a browser by beautiful-mermaid: as SVG for the lesson page
 * and as box art (or, when that is wider than the terminal, an indented outline) for `npm run lesson`.
 * The renderer skips what it does not understand without a word, so `diagramProblems` reads every
 * statement itself and compares what it read with what the renderer drew.
 */

/**
 * @typedef {object} Diagram
 * @property {string} title        accTitle, '' without one
 * @property {string} description  accDescr, '' without one
 * @property {string} body         the source without its accTitle and accDescr lines, which the renderer would draw as nodes
 */

/** @param {string} source the text of a ```mermaid block @returns {Diagram} */
export function readDiagram(source) {
  let title = '';
  let description = '';
  const body = [];
  for (const line of source.split('\n')) {
    const acc = /^\s*acc(Title|Descr)\s*:\s*(.*)$/.exec(line);
    if (!acc) body.push(line);
    else if (acc[1] === 'Title') title = acc[2].trim();
    else description = acc[2].trim();
  }
  return { title, description, body: body.join('\n') };
}

/**
 * What is wrong with a diagram, each with its line in the block (1 = the line after the fence):
 * nothing when the renderer draws every statement of it.
 * @param {string} source
 * @returns {{ line: number, message: string }[]}
 */
export function diagramProblems(source) {
  const { statements, problems } = readStatements(source);
  if (problems.length > 0) return problems;
  const { body } = readDiagram(source);
  let svg;
  try {
    svg = renderMermaidSVG(body);
    renderMermaidASCII(body, { colorMode: 'none' });
  } catch (error) {
    return [{ line: 1, message: `the renderer refused it: ${messageOf(error)}` }];
  }
  return statements.kind === 'sequence' ? drawnSequence(statements, svg) : drawnFlowchart(statements, body);
}

/**
 * Every message, note and block read must be drawn: beautiful-mermaid 1.1 drops a note that comes
 * before the first message, for one.
 * @param {import('./mermaid-statements.js').Statements} statements @param {string} svg
 */
function drawnSequence(statements, svg) {
  /** @type {{ line: number, message: string }[]} */
  const problems = [];
  for (const [kind, what] of /** @type {const} */ ([
    ['message', 'messages'],
    ['note', 'notes'],
    ['block', 'blocks (alt, loop …)'],
  ])) {
    const read = statements.items.filter((item) => item.kind === kind);
    const drawn = count(svg, `<g class="${kind}"`);
    if (drawn < read.length) {
      const first = read[0];
      problems.push({
        line: kind === 'note' ? firstUndrawnNote(statements) : (first?.line ?? 1),
        message: `the renderer drew ${drawn} of its ${read.length} ${what}${kind === 'note' ? ' (a note before the first message is left out)' : ''}`,
      });
    }
  }
  return problems;
}

/** @param {import('./mermaid-statements.js').Statements} statements */
function firstUndrawnNote(statements) {
  const firstMessage = statements.items.find((item) => item.kind === 'message')?.line ?? Infinity;
  return statements.items.find((item) => item.kind === 'note' && item.line < firstMessage)?.line ?? 1;
}

/** @param {import('./mermaid-statements.js').Statements} statements @param {string} body */
function drawnFlowchart(statements, body) {
  const graph = parseMermaid(body);
  const edges = statements.items.filter((item) => item.kind === 'edge');
  /** @type {{ line: number, message: string }[]} */
  const problems = [];
  if (graph.edges.length !== edges.length)
    problems.push({
      line: edges[0]?.line ?? 1,
      message: `the renderer read ${graph.edges.length} of its ${edges.length} arrows`,
    });
  for (const item of statements.items)
    for (const node of item.nodes ?? [])
      if (!graph.nodes.has(node)) problems.push({ line: item.line, message: `the renderer has no node "${node}"` });
  return problems;
}

/**
 * The diagram for a terminal `width` columns wide: box art when it fits (and is not a long chain taller
 * than a screen), else an outline of its statements, one a line (the caller wraps them). Plain characters, no colour: box art reads the same
 * on a dark and a light terminal.
 * @param {string} source @param {{ width: number }} options
 * @returns {{ lines: string[], form: 'box' | 'outline' }}
 */
export function diagramText(source, { width }) {
  const { body } = readDiagram(source);
  const box = renderMermaidASCII(body, { colorMode: 'none', paddingX: 3, paddingY: 1 })
    .split('\n')
    .map((line) => line.trimEnd());
  while (box.length > 0 && box[box.length - 1] === '') box.pop();
  const lines = outline(source);
  // A long chain of boxes is taller than a screen for what reads as a list: the outline says it in a third.
  const tooTall = box.length > SCREEN_LINES && lines.length * 3 < box.length;
  if (Math.max(...box.map(visibleLength)) <= width && !tooTall) return { lines: box, form: 'box' };
  return { lines, form: 'outline' };
}

/** The lines a terminal shows at once, about: box art taller than this scrolls away from its own top. */
const SCREEN_LINES = 40;

/**
 * The diagram's statements as an indented outline: "from → to: text" for a message, the nodes' labels
 * for an arrow, blocks indented under their condition.
 * @param {string} source @returns {string[]}
 */
export function outline(source) {
  const { statements } = readStatements(source);
  const { title } = readDiagram(source);
  const lines = title ? [`${title}:`] : [];
  const lead = title ? 1 : 0;
  const participants = statements.items.filter((item) => item.kind === 'participant');
  if (statements.kind === 'sequence' && participants.length > 0)
    lines.push(
      `${'  '.repeat(lead)}between: ${participants.map((item) => item.text.replace(/^\w+: /, '')).join(', ')}`,
    );
  if (statements.kind === 'sequence') {
    const key = arrowKey(statements.items.filter((item) => item.kind === 'message').map((item) => item.text));
    if (key) lines.push(`${'  '.repeat(lead)}${key}`);
  }
  /** @type {string | undefined} */
  let last;
  for (const item of statements.items) {
    if (statements.kind === 'sequence' && item.kind === 'participant') continue;
    const indent = '  '.repeat(item.depth + lead);
    const { edge } = item;
    if (!edge) {
      lines.push(`${indent}${item.text}`);
      last = undefined;
      continue;
    }
    // A flowchart reads as chains: A, then → B, → C as long as each arrow starts where the last one ended.
    if (edge.from !== last) lines.push(`${indent}${edge.from}`);
    lines.push(`${indent}  ${edge.arrow} ${edge.said ? `(${edge.said}) ` : ''}${edge.to}`);
    last = edge.to;
  }
  return lines;
}

/** What the arrows of an outline mean, those it uses only: the drawn diagram shows it by its lines' style. */
const ARROW_MEANINGS = [
  ['→', 'a request or a step'],
  ['⇢', 'what comes back'],
  ['✕', 'the connection ends'],
];

/** @param {string[]} messages the outline's message lines @returns {string | undefined} */
function arrowKey(messages) {
  const used = ARROW_MEANINGS.filter(([arrow]) =>
    messages.some((text) => text.includes(` ${arrow} `) || text.includes(`${arrow} `)),
  );
  // One kind of arrow needs no key.
  if (used.length < 2) return undefined;
  return `(${used.map(([arrow, meaning]) => `${arrow} ${meaning}`).join(', ')})`;
}

/** Drawn diagrams by source: the page renders the README on every request, and a flowchart's layout takes a while. */
const svgCache = new Map();
const SVG_CACHE_SIZE = 64;

/**
 * The diagram as an inline SVG the page's Content-Security-Policy allows: no `<style>` element, no
 * `style` attribute (the colours come from site.css, as the page's own variables), ids prefixed with
 * `idPrefix` so that several diagrams on one page do not share them, and a `<title>` and `<desc>` that
 * name it for assistive technology.
 * @param {string} source @param {string} idPrefix
 * @returns {string}
 */
export function diagramSvg(source, idPrefix) {
  const key = `${idPrefix}\n${source}`;
  const cached = svgCache.get(key);
  if (cached) return cached;
  const { title, description, body } = readDiagram(source);
  const drawn = renderMermaidSVG(body, { transparent: true });
  if (holdsActiveContent(drawn)) throw new Error('the drawing holds active content');
  const svg = drawn
    .replace(/<style>[\s\S]*?<\/style>\s*/g, '')
    .replace(/\sstyle="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${idPrefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${idPrefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id) => `href="#${idPrefix}-${id}"`)
    .replace(
      /^<svg\b([^>]*)>/,
      (_, attributes) =>
        `<svg${attributes} class="diagram-svg" role="img" aria-labelledby="${idPrefix}-title"${description ? ` aria-describedby="${idPrefix}-desc"` : ''}>` +
        `<title id="${idPrefix}-title">${escapeXml(title || 'Diagram')}</title>` +
        (description ? `<desc id="${idPrefix}-desc">${escapeXml(description)}</desc>` : ''),
    );
  if (svgCache.size >= SVG_CACHE_SIZE) svgCache.delete(svgCache.keys().next().value);
  svgCache.set(key, svg);
  return svg;
}

/**
 * The renderer escapes the text it is given; this makes sure of it: no script, no foreign HTML, no
 * event handler attribute anywhere in the drawing.
 * @param {string} svg
 */
function holdsActiveContent(svg) {
  if (/<(script|foreignObject|iframe)\b/i.test(svg)) return true;
  for (const [tag] of svg.matchAll(/<[a-zA-Z][^>]*>/g))
    for (const [, name] of tag.matchAll(/\s([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')/g))
      if (/^on/i.test(name) || (/href$/i.test(name) && !/=\s*["']#/.test(tag.slice(tag.indexOf(name))))) return true;
  return false;
}

/** @param {string} text */
function escapeXml(text) {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

/** @param {string} text @param {string} needle */
function count(text, needle) {
  return text.split(needle).length - 1;
}

/** @param {unknown} error */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
