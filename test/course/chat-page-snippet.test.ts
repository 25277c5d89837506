import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';

const README = new URL('../../lessons/04-redis-scaling/README.md', import.meta.url);

/** The script of lesson 4's chat.html, as the README prints it. */
function chatPageScript(): string {
  const readme = readFileSync(README, 'utf8');
  const page = /```html\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1];
  if (!script) throw new Error("lesson 4's README has no chat.html with a <script>");
  return script;
}

/** Runs the page's script with `search` as its query; returns every URL it loads or fetches. */
function urlsLoaded(search: string): string[] {
  const urls: string[] = [];
  const element = {
    set src(url: string) {
      urls.push(url);
    },
  };
  const document = {
    getElementById: () => ({ textContent: '', value: '' }),
    createElement: () => element,
    head: { append: () => undefined },
  };
  const context = createContext({
    URLSearchParams,
    location: { search },
    document,
    fetch: (url: string) => {
      urls.push(url);
      return new Promise(() => undefined);
    },
    io: () => ({ on: () => undefined }),
  });
  try {
    runInContext(chatPageScript(), context);
  } catch {
    // A page that refuses its query stops here: what it loaded so far is what counts.
  }
  return urls;
}

describe("lesson 4's chat.html", () => {
  test('loads the socket.io client from localhost on the port it is given', () => {
    expect(urlsLoaded('?port=3001&user=bob')).toEqual(['http://localhost:3001/socket.io/socket.io.js']);
  });

  test('loads nothing from another host, whatever the port parameter holds', () => {
    for (const port of ['3000@evil.example/x?', '3000.evil.example', '3000/../x', ''])
      expect(urlsLoaded(`?port=${encodeURIComponent(port)}`)).toEqual([]);
  });
});
