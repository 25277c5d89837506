/**
 * Reads the statements of a Mermaid sequence diagram or flowchart, the two kinds the lessons draw,
 * line by line: what each says (for the terminal's outline) and which lines are no statement at all
 * (for the lesson lint: the renderer would skip them without a word).
 */

/**
 * @typedef {object} Item
 * @property {'participant' | 'message' | 'note' | 'block' | 'branch' | 'edge'} kind
 * @property {number} line   1 = the block's first line (the diagram's type)
 * @property {number} depth  how many blocks (alt, loop, subgraph …) it sits in
 * @property {string} text   the statement in words, for the outline
 * @property {string[]} [nodes] a flowchart statement's node ids
 * @property {{ from: string, to: string, arrow: string, said: string }} [edge] an arrow's ends, by label
 */
/** @typedef {{ kind: 'sequence' | 'flowchart', items: Item[] }} Statements */
/** @typedef {{ line: number, message: string }} Problem */

const ID = '[A-Za-z0-9_]+';
const SEQUENCE_ARROWS = ['-->>', '->>', '-->', '->', '--x', '-x', '--)', '-)'];
const BLOCKS = ['alt', 'opt', 'loop', 'par', 'critical', 'break', 'rect'];
const BRANCHES = /** @type {Record<string, string[]>} */ ({ else: ['alt'], and: ['par'], option: ['critical'] });

/**
 * @param {string} source the text of a ```mermaid block
 * @returns {{ statements: Statements, problems: Problem[] }}
 */
export function readStatements(source) {
  const lines = source.split('\n');
  const headerIndex = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('%%'));
  const header = lines[headerIndex]?.trim() ?? '';
  const rest = lines
    .map((text, index) => ({ text: text.trim().replace(/;$/, ''), line: index + 1 }))
    .slice(headerIndex + 1);
  const meaningful = rest.filter(
    ({ text }) => text !== '' && !text.startsWith('%%') && !/^acc(Title|Descr)\s*:/.test(text),
  );
  if (header === 'sequenceDiagram') return readSequence(meaningful);
  if (/^(flowchart|graph)(\s+(TB|TD|BT|RL|LR))?$/.test(header)) return readFlowchart(meaningful);
  return {
    statements: { kind: 'flowchart', items: [] },
    problems: [
      {
        line: headerIndex + 1,
        message: `"${header}" is not a diagram the lessons draw: use sequenceDiagram or flowchart TD/LR`,
      },
    ],
  };
}

/** @param {{ text: string, line: number }[]} lines */
function readSequence(lines) {
  /** @type {Map<string, string>} */
  const names = new Map();
  /** @type {Item[]} */
  const items = [];
  /** @type {Problem[]} */
  const problems = [];
  /** @type {{ keyword: string, line: number }[]} */
  const open = [];
  const name = (/** @type {string} */ id) => names.get(id) ?? id;
  for (const { text, line } of lines) {
    const depth = open.length;
    const participant = new RegExp(`^(participant|actor)\\s+(${ID})(?:\\s+as\\s+(.+))?$`).exec(text);
    if (participant) {
      names.set(participant[2], participant[3]?.trim() ?? participant[2]);
      items.push({ kind: 'participant', line, depth, text: `${participant[1]}: ${name(participant[2])}` });
      continue;
    }
    const message = messageOf(text);
    if (message) {
      const arrow = message.arrow.startsWith('--') ? '⇢' : '→';
      const cross = message.arrow.endsWith('x') ? ' ✕' : '';
      items.push({
        kind: 'message',
        line,
        depth,
        text: `${name(message.from)} ${arrow}${cross} ${name(message.to)}: ${message.text}`,
      });
      continue;
    }
    const note = new RegExp(`^note\\s+(left of|right of|over)\\s+(${ID})(?:\\s*,\\s*(${ID}))?\\s*:\\s*(.+)$`, 'i').exec(
      text,
    );
    if (note) {
      const over = [note[2], note[3]].filter(Boolean).map((id) => name(/** @type {string} */ (id)));
      items.push({ kind: 'note', line, depth, text: `(note ${note[1]} ${over.join(', ')}) ${note[4]}` });
      continue;
    }
    const keyword = /^(\w+)\b\s*(.*)$/.exec(text);
    if (keyword && BLOCKS.includes(keyword[1])) {
      open.push({ keyword: keyword[1], line });
      items.push({ kind: 'block', line, depth, text: `${keyword[1]} ${keyword[2]}:`.replace(' :', ':') });
      continue;
    }
    if (keyword && BRANCHES[keyword[1]]) {
      const block = open[open.length - 1];
      if (!block || !BRANCHES[keyword[1]].includes(block.keyword)) {
        problems.push({ line, message: `"${keyword[1]}" outside ${BRANCHES[keyword[1]].join(' or ')}` });
        continue;
      }
      items.push({ kind: 'branch', line, depth: depth - 1, text: `${keyword[1]} ${keyword[2]}:`.replace(' :', ':') });
      continue;
    }
    if (text === 'end') {
      if (!open.pop()) problems.push({ line, message: '"end" closes no block' });
      continue;
    }
    if (/^(autonumber|(activate|deactivate)\s+\w+)$/.test(text)) continue;
    problems.push({ line, message: `cannot read "${text}": not a participant, a message, a note or a block` });
  }
  for (const block of open) problems.push({ line: block.line, message: `"${block.keyword}" has no "end"` });
  return { statements: { kind: /** @type {const} */ ('sequence'), items }, problems };
}

/** @param {string} text */
function messageOf(text) {
  const start = new RegExp(`^(${ID})\\s*`).exec(text);
  if (!start) return undefined;
  const after = text.slice(start[0].length);
  const arrow = SEQUENCE_ARROWS.find((candidate) => after.startsWith(candidate));
  if (!arrow) return undefined;
  const rest = new RegExp(`^[+-]?\\s*(${ID})\\s*:(.*)$`).exec(after.slice(arrow.length));
  if (!rest) return undefined;
  return { from: start[1], arrow, to: rest[1], text: rest[2].trim() };
}

// Node shapes, longest opener first; each with the closers it accepts.
const SHAPES = /** @type {[string, string[]][]} */ ([
  ['(((', [')))']],
  ['[[', [']]']],
  ['[(', [')]']],
  ['([', ['])']],
  ['((', ['))']],
  ['{{', ['}}']],
  ['[/', ['/]', '\\]']],
  ['[\\', ['\\]', '/]']],
  ['[', [']']],
  ['(', [')']],
  ['{', ['}']],
  ['>', [']']],
]);
const EDGE = /^(<?)(-{2,}>|-{3,}|-\.+->|-\.+-|={2,}>|={3,}|--[ox])(?:\|([^|]*)\|)?/;
const EDGE_WITH_TEXT = /^(<?)(--|-\.|==)\s+(.+?)\s+(-{2,}>|-{3,}|\.+->|\.+-|={2,}>|={3,})/;

/** @param {{ text: string, line: number }[]} lines */
function readFlowchart(lines) {
  /** @type {Map<string, string>} */
  const labels = new Map();
  /** @type {{ line: number, depth: number, groups: string[][], edges: { dotted: boolean, label: string }[] }[]} */
  const chains = [];
  /** @type {Item[]} */
  const items = [];
  /** @type {Problem[]} */
  const problems = [];
  /** @type {number[]} */
  const open = [];
  for (const { text, line } of lines) {
    const depth = open.length;
    if (/^subgraph\b/.test(text)) {
      open.push(line);
      items.push({ kind: 'block', line, depth, text: `${text.replace(/^subgraph\s*/, '').replace(/"/g, '')}:` });
      continue;
    }
    if (text === 'end') {
      if (open.pop() === undefined) problems.push({ line, message: '"end" closes no subgraph' });
      continue;
    }
    if (/^(direction\s+(TB|TD|BT|RL|LR)|(classDef|class|style|linkStyle|click)\s.+)$/.test(text)) continue;
    const chain = readChain(text, labels);
    if (typeof chain === 'string') problems.push({ line, message: `cannot read "${text}": ${chain}` });
    else chains.push({ line, depth, ...chain });
  }
  for (const line of open) problems.push({ line, message: '"subgraph" has no "end"' });
  const label = (/** @type {string} */ id) => labels.get(id) ?? id;
  for (const { line, depth, groups, edges } of chains) {
    const nodes = groups.flat();
    if (edges.length === 0) {
      items.push({ kind: 'participant', line, depth, text: nodes.map(label).join(', '), nodes });
      continue;
    }
    for (let index = 0; index < edges.length; index += 1) {
      const { dotted, label: said } = edges[index];
      for (const from of groups[index])
        for (const to of groups[index + 1])
          items.push({
            kind: 'edge',
            line,
            depth,
            text: `${label(from)} ${dotted ? '⇢' : '→'} ${label(to)}${said ? ` (${said})` : ''}`,
            nodes: [from, to],
            edge: { from: label(from), to: label(to), arrow: dotted ? '⇢' : '→', said },
          });
    }
  }
  items.sort((a, b) => a.line - b.line);
  return { statements: { kind: /** @type {const} */ ('flowchart'), items }, problems };
}

/**
 * `A["label"] --> B & C -.->|said| D`: the groups of node ids and the arrows between them, or why it
 * cannot be read.
 * @param {string} text @param {Map<string, string>} labels filled with the labels it defines
 * @returns {{ groups: string[][], edges: { dotted: boolean, label: string }[] } | string}
 */
function readChain(text, labels) {
  let rest = text;
  /** @type {string[][]} */
  const groups = [];
  /** @type {{ dotted: boolean, label: string }[]} */
  const edges = [];
  for (;;) {
    /** @type {string[]} */
    const group = [];
    for (;;) {
      const node = readNode(rest);
      if (typeof node === 'string') return node;
      group.push(node.id);
      if (node.label !== undefined) labels.set(node.id, node.label);
      rest = node.rest.trimStart();
      if (!rest.startsWith('&')) break;
      rest = rest.slice(1).trimStart();
    }
    groups.push(group);
    if (rest === '') return { groups, edges };
    const withText = EDGE_WITH_TEXT.exec(rest);
    const plain = withText ? null : EDGE.exec(rest);
    if (!withText && !plain) return `expected an arrow at "${rest}"`;
    const edge = /** @type {RegExpExecArray} */ (withText ?? plain);
    const label = (withText ? withText[3] : (plain?.[3] ?? '')).replace(/^"|"$/g, '').trim();
    edges.push({ dotted: edge[0].includes('.'), label });
    rest = rest.slice(edge[0].length).trimStart();
  }
}

/** @param {string} text @returns {{ id: string, label?: string, rest: string } | string} */
function readNode(text) {
  const id = new RegExp(`^(${ID})`).exec(text);
  if (!id) return `expected a node at "${text}"`;
  let rest = text.slice(id[0].length);
  /** @type {string | undefined} */
  let label;
  const shape = SHAPES.find(([opener]) => rest.startsWith(opener));
  if (shape) {
    const [opener, closers] = shape;
    let inner = rest.slice(opener.length);
    let body;
    if (inner.startsWith('"')) {
      const end = inner.indexOf('"', 1);
      if (end === -1) return `the label of "${id[1]}" has no closing quote`;
      body = inner.slice(1, end);
      inner = inner.slice(end + 1);
      const closer = closers.find((candidate) => inner.startsWith(candidate));
      if (!closer) return `the shape of "${id[1]}" is not closed with ${closers.join(' or ')}`;
      rest = inner.slice(closer.length);
    } else {
      const ends = closers
        .map((candidate) => ({ candidate, at: inner.indexOf(candidate) }))
        .filter(({ at }) => at >= 0);
      if (ends.length === 0) return `the shape of "${id[1]}" is not closed with ${closers.join(' or ')}`;
      const { candidate, at } = ends.reduce((first, other) => (other.at < first.at ? other : first));
      body = inner.slice(0, at);
      rest = inner.slice(at + candidate.length);
    }
    label = body
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  const cls = /^:::[\w-]+/.exec(rest);
  if (cls) rest = rest.slice(cls[0].length);
  return { id: id[1], label, rest };
}
