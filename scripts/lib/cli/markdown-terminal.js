import MarkdownIt from 'markdown-it';
import { stripVTControlCharacters } from 'node:util';
import { diagramText, messageOf, readDiagram } from '../diagrams/mermaid-diagram.js';
import { palette, visibleLength, wrap } from './terminal.js';

/** @typedef {import('markdown-it').Token} Token */

const markdown = new MarkdownIt({ html: true });

/**
 * Renders a lesson README for a terminal: markdown-it's tokens to ANSI styles,
 * or to plain text when `color` is off. Paragraphs wrap at `width`.
 * @param {string} source
 * @param {{ color: boolean, width?: number }} options
 * @returns {string}
 */
export function renderMarkdown(source, { color, width = 100 }) {
  const renderer = new TerminalRenderer(palette(color), Math.max(40, width));
  return renderer.render(markdown.parse(source, {}));
}

class TerminalRenderer {
  /** @param {import('./terminal.js').Palette} style @param {number} width */
  constructor(style, width) {
    this.style = style;
    this.width = width;
    /** @type {string[]} */
    this.out = [];
    /** @type {{ ordered: boolean, next: number }[]} */
    this.lists = [];
    this.quoteDepth = 0;
    /** @type {string[][] | null} */
    this.table = null;
    /** @type {string | null} */
    this.pendingBullet = null;
  }

  /** @param {Token[]} tokens */
  render(tokens) {
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i];
      switch (token.type) {
        case 'heading_open':
          this.heading(Number(token.tag.slice(1)), this.inline(tokens[i + 1]));
          i += 2;
          break;
        case 'paragraph_open':
          if (this.table) break;
          this.block(this.inline(tokens[i + 1]));
          i += 2;
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
          this.lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
          break;
        case 'bullet_list_close':
        case 'ordered_list_close':
          this.lists.pop();
          if (this.lists.length === 0) this.blank();
          break;
        case 'list_item_open': {
          const list = this.lists[this.lists.length - 1];
          this.pendingBullet = list.ordered ? `${list.next++}.` : '•';
          break;
        }
        case 'fence':
          if (token.info.trim() === 'mermaid') this.diagram(token.content);
          else this.code(token.content, token.info.trim());
          break;
        case 'code_block':
          this.code(token.content, token.info.trim());
          break;
        case 'blockquote_open':
          this.quoteDepth += 1;
          break;
        case 'blockquote_close':
          this.quoteDepth -= 1;
          break;
        case 'hr':
          this.line(this.style.dim('─'.repeat(Math.min(this.width, 60))));
          this.blank();
          break;
        case 'table_open':
          this.table = [];
          break;
        case 'tr_open':
          this.table?.push([]);
          break;
        case 'th_open':
        case 'td_open':
          this.table?.[this.table.length - 1].push(this.inline(tokens[i + 1]));
          i += 2;
          break;
        case 'table_close':
          this.renderTable(this.table ?? []);
          this.table = null;
          break;
        case 'html_block':
          if (!/^\s*<!--/.test(token.content)) this.block(token.content.trim());
          break;
        default:
          break;
      }
    }
    return `${this.out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`;
  }

  /** @param {number} level @param {string} text */
  heading(level, text) {
    this.blank();
    if (level === 1) {
      this.line(this.style.bold(this.style.cyan(text)));
      this.line(this.style.cyan('═'.repeat(Math.min(visibleLength(text), this.width))));
    } else if (level === 2) {
      this.line(this.style.bold(this.style.cyan(text)));
      this.line(this.style.cyan('─'.repeat(Math.min(visibleLength(text), this.width))));
    } else {
      this.line(this.style.bold(text));
    }
    this.blank();
  }

  /** A paragraph, wrapped, indented under the list item it belongs to. @param {string} text */
  block(text) {
    const depth = this.lists.length;
    const indent = depth === 0 ? '' : '  '.repeat(depth - 1);
    const bullet = this.pendingBullet;
    this.pendingBullet = null;
    const lead = bullet ? `${indent}${bullet} ` : `${indent}${depth > 0 ? '  ' : ''}`;
    const hang = ' '.repeat(visibleLength(lead));
    const wrapped = wrap(text, this.width - visibleLength(lead) - this.quoteDepth * 2);
    wrapped.forEach((line, index) => this.line(`${index === 0 ? lead : hang}${line}`));
    if (depth === 0) this.blank();
  }

  /** @param {string} content @param {string} language */
  code(content, language) {
    const depth = this.lists.length;
    const indent = '  '.repeat(depth + 1);
    if (this.pendingBullet) {
      this.line(`${'  '.repeat(Math.max(0, depth - 1))}${this.pendingBullet}`);
      this.pendingBullet = null;
    }
    if (language) this.line(`${indent}${this.style.dim(`${language}:`)}`);
    for (const line of content.replace(/\n$/, '').split('\n')) {
      this.line(`${indent}${this.style.yellow(line)}`);
    }
    this.blank();
  }

  /**
   * A Mermaid diagram as box art, or as an outline where the box art is wider than the terminal; its
   * source, said so in one line, when it cannot be drawn.
   * @param {string} source
   */
  diagram(source) {
    const depth = '  '.repeat(this.lists.length);
    let indent = `${depth}  `;
    let drawn;
    try {
      drawn = diagramText(source, { width: this.width - depth.length });
    } catch (error) {
      this.line(
        `${indent}${this.style.dim(`(This diagram could not be drawn: ${messageOf(error)}. Its Mermaid source:)`)}`,
      );
      this.code(source, 'mermaid');
      return;
    }
    if (drawn.form === 'box') {
      // Indented like a code block when that still fits.
      if (Math.max(...drawn.lines.map(visibleLength)) > this.width - indent.length) indent = depth;
      const { title } = readDiagram(source);
      if (title) this.line(`${indent}${this.style.bold(`${title}:`)}`);
      for (const line of drawn.lines) this.line(`${indent}${line}`);
    } else {
      for (const line of drawn.lines) {
        const lead = `${indent}${/^ */.exec(line)?.[0] ?? ''}`;
        const hang = `${lead}  `;
        wrap(line.trimStart(), this.width - hang.length).forEach((part, index) =>
          this.line(`${index === 0 ? lead : hang}${part}`),
        );
      }
    }
    this.blank();
  }

  /** @param {string[][]} rows */
  renderTable(rows) {
    if (rows.length === 0) return;
    const columns = Math.max(...rows.map((row) => row.length));
    const widths = Array.from({ length: columns }, (_, column) =>
      Math.max(...rows.map((row) => visibleLength(row[column] ?? ''))),
    );
    if (widths.reduce((sum, width) => sum + width + 2, 0) > this.width) {
      this.renderTableAsRecords(rows);
      return;
    }
    rows.forEach((row, index) => {
      const cells = widths.map((width, column) => pad(row[column] ?? '', width));
      this.line(`  ${index === 0 ? this.style.bold(cells.join('  ')) : cells.join('  ')}`.trimEnd());
      if (index === 0) this.line(`  ${this.style.dim(widths.map((width) => '─'.repeat(width)).join('  '))}`);
    });
    this.blank();
  }

  /**
   * A table too wide for the terminal, one record per row: its first cell, then each other cell under its
   * column's name, wrapped, so that no line runs past the width.
   * @param {string[][]} rows
   */
  renderTableAsRecords([header, ...body]) {
    for (const [first, ...rest] of body) {
      wrap(first ?? '', this.width - 4).forEach((line, index) =>
        this.line(`${index === 0 ? '  • ' : '    '}${this.style.bold(line)}`),
      );
      rest.forEach((cell, offset) => {
        if (!cell) return;
        const name = header[offset + 1] ? `${header[offset + 1]}: ` : '';
        wrap(`${this.style.dim(name)}${cell}`, this.width - 6).forEach((line) => this.line(`      ${line}`));
      });
    }
    this.blank();
  }

  /** Inline tokens to styled text. @param {Token | undefined} token @returns {string} */
  inline(token) {
    if (!token?.children) return token?.content ?? '';
    let text = '';
    /** @type {{ href: string, from: number }[]} */
    const links = [];
    /** @type {string[]} */
    const marks = [];
    for (const child of token.children) {
      switch (child.type) {
        case 'text':
          text += marks.reduce((styled, mark) => this.mark(mark, styled), child.content);
          break;
        case 'code_inline':
          text += this.style.cyan(child.content);
          break;
        case 'softbreak':
          text += ' ';
          break;
        case 'hardbreak':
          text += '\n';
          break;
        case 'strong_open':
        case 'em_open':
          marks.push(child.type);
          break;
        case 'strong_close':
        case 'em_close':
          marks.pop();
          break;
        case 'link_open':
          links.push({ href: child.attrGet('href') ?? '', from: text.length });
          marks.push('link');
          break;
        case 'link_close': {
          marks.pop();
          const link = links.pop();
          const said = stripVTControlCharacters(text.slice(link?.from ?? text.length)).trim();
          // A bare address is its own link text: said once, not twice.
          if (link?.href && !link.href.startsWith('#') && said !== link.href && `mailto:${said}` !== link.href)
            text += this.style.dim(` (${link.href})`);
          break;
        }
        case 'image':
          text += `[image: ${child.content}]`;
          break;
        case 'html_inline':
          break;
        default:
          text += child.content;
      }
    }
    return text;
  }

  /** @param {string} mark @param {string} text */
  mark(mark, text) {
    if (mark === 'strong_open') return this.style.bold(text);
    if (mark === 'em_open') return this.style.italic(text);
    return this.style.underline(text);
  }

  /** @param {string} text */
  line(text) {
    const quote = this.quoteDepth > 0 ? this.style.dim('│ '.repeat(this.quoteDepth)) : '';
    this.out.push(`${quote}${text}`);
  }

  blank() {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '') this.out.push('');
  }
}

/** @param {string} text @param {number} width */
function pad(text, width) {
  return `${text}${' '.repeat(Math.max(0, width - visibleLength(text)))}`;
}
