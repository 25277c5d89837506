import MarkdownIt from 'markdown-it';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import { diagramSvg, messageOf, readDiagram } from '../lib/diagrams/mermaid-diagram.js';
import { escapeHtml } from './html.js';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('plaintext', plaintext);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('xml', xml);
const ALIASES = /** @type {Record<string, string>} */ ({
  sh: 'bash',
  shell: 'bash',
  js: 'javascript',
  ts: 'typescript',
  html: 'xml',
  text: 'plaintext',
});

/**
 * The lesson README as HTML: the same markdown-it parse as the terminal's,
 * code blocks highlighted here on the server (highlight.js), headings with
 * ids and a link to themselves, and bare URLs as links. The learner edits the
 * README, so raw HTML in it is shown as text, never rendered; the authors'
 * HTML comments (a try-it command) are left out.
 */
const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  highlight(code, info) {
    const name = ALIASES[info] ?? info;
    const language = hljs.getLanguage(name) ? name : 'plaintext';
    const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    // Focusable: a block wider than the pane scrolls, and the keyboard must be able to scroll it.
    return `<pre class="code" tabindex="0"><code class="hljs language-${language}">${html}</code></pre>`;
  },
});

// Only written-out URLs become links: "Socket.IO" is a name, not a host.
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

markdown.core.ruler.push('heading_ids', (state) => {
  const used = new Map();
  for (let index = 0; index < state.tokens.length; index += 1) {
    const token = state.tokens[index];
    if (token.type !== 'heading_open') continue;
    const base = slugify(state.tokens[index + 1]?.content ?? '') || 'section';
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    token.attrSet('id', count === 0 ? base : `${base}-${count}`);
  }
});

const renderHeadingOpen = markdown.renderer.rules.heading_open;
/** @type {import('markdown-it').RendererRule} */
const headingOpen = (tokens, index, options, env, self) => {
  const open = renderHeadingOpen
    ? renderHeadingOpen(tokens, index, options, env, self)
    : self.renderToken(tokens, index, options);
  const id = tokens[index].attrGet('id');
  return `${open}<a class="anchor" href="#${id}" aria-hidden="true" tabindex="-1">#</a>`;
};
markdown.renderer.rules.heading_open = headingOpen;

// A ```mermaid block is drawn here, on the server, as an inline SVG: the page runs no diagram code, and
// its Content-Security-Policy (no inline style, no eval) holds.
const renderFence = markdown.renderer.rules.fence;
/** @type {import('markdown-it').RendererRule} */
const fence = (tokens, index, options, env, self) => {
  const token = tokens[index];
  if (token.info.trim() !== 'mermaid')
    return renderFence ? renderFence(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  env.diagrams = (env.diagrams ?? 0) + 1;
  return diagramHtml(token.content, `diagram-${env.diagrams}`);
};
markdown.renderer.rules.fence = fence;

/**
 * A figure with the drawing, its title as the caption, and a box that scrolls sideways when the
 * drawing is wider than the page; the Mermaid source, said so, when it cannot be drawn.
 * @param {string} source @param {string} id
 */
export function diagramHtml(source, id) {
  const { title } = readDiagram(source);
  const caption = escapeHtml(title || 'Diagram');
  try {
    return `<figure class="diagram">
<div class="diagram-scroll" tabindex="0" role="group" aria-labelledby="${id}-caption">${diagramSvg(source, id)}</div>
<figcaption id="${id}-caption">${caption}</figcaption>
</figure>
`;
  } catch (error) {
    return `<figure class="diagram diagram-failed">
<figcaption id="${id}-caption">${caption}: this diagram could not be drawn (${escapeHtml(messageOf(error))}); its Mermaid source:</figcaption>
<pre class="code" tabindex="0" aria-labelledby="${id}-caption"><code class="hljs language-plaintext">${escapeHtml(source)}</code></pre>
</figure>
`;
  }
}

// Links out of the course open in a new tab; anchors stay.
const renderLinkOpen = markdown.renderer.rules.link_open;
/** @type {import('markdown-it').RendererRule} */
const linkOpen = (tokens, index, options, env, self) => {
  const href = tokens[index].attrGet('href') ?? '';
  if (/^https?:/.test(href)) {
    tokens[index].attrSet('target', '_blank');
    tokens[index].attrSet('rel', 'noopener noreferrer');
  }
  return renderLinkOpen ? renderLinkOpen(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
};
markdown.renderer.rules.link_open = linkOpen;

/** @param {string} source the README @returns {string} HTML */
export function renderLessonHtml(source) {
  return markdown.render(withoutHtmlComments(source), { diagrams: 0 });
}

/**
 * The lesson's questions, each answer folded in a `<details>` the learner opens
 * (a click, or Enter or Space on its summary) once they have an answer of their own.
 * @param {import('../lib/course/recap.js').Question[]} questions
 * @returns {string} HTML, empty without questions
 */
export function renderQuestionsHtml(questions) {
  if (questions.length === 0) return '';
  const items = questions
    .map(
      ({ question, answer }, index) => `<li class="question">
<div class="question-text">${question.includes('\n') ? markdown.render(question) : markdown.renderInline(question)}</div>
<details class="answer"><summary>Show the answer<span class="visually-hidden"> to question ${index + 1}</span></summary>
<div class="answer-text">${markdown.render(answer)}</div>
</details>
</li>`,
    )
    .join('\n');
  return `<section class="questions" aria-labelledby="questions-title">
<h3 id="questions-title">Questions</h3>
<ol>
${items}
</ol>
</section>`;
}

/**
 * `html` with `extra` at the end of the section whose `<h2>` has the id
 * `sectionId` (before the next `<h2>`), or at the end when there is no such section.
 * @param {string} html @param {string} sectionId @param {string} extra
 */
export function appendToSection(html, sectionId, extra) {
  const start = html.indexOf(`<h2 id="${sectionId}">`);
  if (start === -1) return `${html}${extra}`;
  const next = html.indexOf('<h2', start + 1);
  return next === -1 ? `${html}${extra}` : `${html.slice(0, next)}${extra}\n${html.slice(next)}`;
}

/**
 * The README without the HTML comments that stand on lines of their own,
 * outside code fences: notes for the course's tools, not for the learner.
 * @param {string} source
 */
export function withoutHtmlComments(source) {
  const kept = [];
  let fence = '';
  let comment = false;
  for (const line of source.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (!comment && marker && (!fence || marker.startsWith(fence))) fence = fence ? '' : marker;
    else if (!fence && (comment || /^\s*<!--/.test(line))) {
      comment = !line.includes('-->');
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n');
}

/** A heading's id: lower case, words joined by '-'. @param {string} text */
export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
