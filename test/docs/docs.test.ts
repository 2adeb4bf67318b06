// The README and docs/ stay true to the tree: every relative link reaches a file, and a heading when
// it names an anchor; every command they show still exists (npm scripts, bench names, test filters,
// `vbrd` subcommands and their options, `node dist/…` entry points). A failure names file and line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AUDIT_OPTIONS } from '../../src/cli/audit-command.js';
import { LAB_OPTIONS } from '../../src/cli/lab-command.js';
import { CONTROL_OPTIONS } from '../../src/cli/control-command.js';
import { FLAGS, SHORTHAND_FLAGS } from '../../src/config/server-config.js';

// This file runs as dist/test/docs/docs.test.js.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Found {
  file: string;
  line: number;
  text: string;
}
const where = (f: Found) => `${f.file}:${f.line}`;

interface Page {
  file: string;
  /** Markdown with fenced blocks and inline code blanked out (newlines kept): where links are. */
  prose: string;
  /** The headings' text, in order (outside fenced blocks). */
  headings: string[];
  /** Inline code spans, and the lines of shell blocks without their comments: where commands appear. */
  code: Found[];
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

function readPage(file: string): Page {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const code: Found[] = [];
  const withoutFences = text.replace(
    /^(```|~~~)([\w-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm,
    (block, _fence, lang: string, body: string, offset: number) => {
      if (['sh', 'shell', 'bash', 'console'].includes(lang)) {
        const first = lineAt(text, offset) + 1;
        body.split('\n').forEach((l, i) => {
          const command = l.replace(/(^|\s)#.*$/, '').trim();
          if (command) code.push({ file, line: first + i, text: command });
        });
      }
      return blank(block);
    },
  );
  const prose = withoutFences.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (span, _ticks, inner: string, offset: number) => {
    code.push({ file, line: lineAt(withoutFences, offset), text: inner.replace(/\s+/g, ' ').trim() });
    return blank(span);
  });
  const lines = text.split('\n');
  const headings = withoutFences
    .split('\n')
    .flatMap((l, i) => (/^#{1,6}[ \t]/.test(l) ? [lines[i].replace(/^#{1,6}[ \t]+|[ \t]*#*[ \t]*$/g, '')] : []));
  return { file, prose, headings, code };
}

const pages = PAGES.map(readPage);

/** GitHub's anchor for a heading: lower case, punctuation dropped except '-' and '_', spaces to '-'. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a page's headings produce; a repeated one gets -1, -2, … as on GitHub. */
function anchors(file: string): Set<string> {
  const { headings } = pages.find((p) => p.file === file) ?? readPage(file);
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const base of headings.map(slug)) {
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

test('slug follows GitHub: lower case, punctuation dropped, spaces to hyphens', () => {
  assert.equal(slug('With the FRR data plane (`--data-plane frr`)'), 'with-the-frr-data-plane---data-plane-frr');
  assert.equal(slug('Seed file'), 'seed-file');
  assert.equal(slug('What is served: RAM & VPC_2016'), 'what-is-served-ram--vpc_2016');
  assert.equal(slug('See [the wire](wire.md)'), 'see-the-wire');
});

test('every relative link in README.md and docs/*.md reaches a file, and a heading when it names one', () => {
  const broken: string[] = [];
  for (const page of pages) {
    const links = [
      ...[...page.prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({ target: m[1], at: m.index })),
      ...[...page.prose.matchAll(/^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$/gm)].map((m) => ({ target: m[1], at: m.index })),
    ];
    for (const { target, at } of links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: … are not files here
      const line = lineAt(page.prose, at);
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      const file = path === '' ? page.file : relative(ROOT, resolve(ROOT, dirname(page.file), decodeURIComponent(path)));
      if (!existsSync(join(ROOT, file))) {
        broken.push(`${page.file}:${line}: ${target}: no file ${file}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!file.endsWith('.md') || statSync(join(ROOT, file)).isDirectory()) {
        broken.push(`${page.file}:${line}: ${target}: an anchor into something that is not a Markdown page`);
      } else if (!anchors(file).has(anchor)) {
        broken.push(`${page.file}:${line}: ${target}: no heading in ${file} gives #${anchor}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

/** The command line a match sits in, from the match to the next `&&`, `||`, `;`, `|` or `&`. */
function argsAfter(text: string, from: number): string[] {
  return text
    .slice(from)
    .split(/&&|\|\||[;|&]/)[0]
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/** Every test file as npm test sees it (dist/…test.js), for checking the filters the docs show. */
function testFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(`dist/${p.replace(/\.ts$/, '.js')}`);
    }
  };
  for (const d of ['src', 'test', 'bench', 'examples']) if (existsSync(join(ROOT, d))) walk(d);
  return out;
}

test('every npm command the docs show exists: scripts, bench names, test filters', async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const { BENCHES } = (await import(pathToFileURL(join(ROOT, 'scripts/bench.mjs')).href)) as { BENCHES: { name: string }[] };
  const { CHAOS } = (await import(pathToFileURL(join(ROOT, 'scripts/chaos.mjs')).href)) as { CHAOS: { name: string }[] };
  const tests = testFiles();
  const wrong: string[] = [];
  for (const found of pages.flatMap((p) => p.code)) {
    for (const m of found.text.matchAll(/\bnpm (run|test|start)\b/g)) {
      const args = argsAfter(found.text, m.index + m[0].length);
      const at = `${where(found)}: \`${found.text}\``;
      // `npm run [flags] SCRIPT …`; `npm test …` and `npm start …` name their script themselves.
      const named = m[1] === 'run' ? args.findIndex((a) => !a.startsWith('-')) : -1;
      const script = m[1] === 'run' ? args[named] : m[1];
      const rest = args.slice(named + 1);
      if (script === undefined || script.startsWith('<')) continue; // `npm run <script>` names none
      if (!(script in pkg.scripts)) {
        wrong.push(`${at}: no script "${script}" in package.json`);
        continue;
      }
      // After `--`, what the script is given: a bench's name, or filters on test file paths.
      const given = rest[0] === '--' ? rest.slice(1).filter((a) => !/^[<[]|…/.test(a)) : [];
      if (script === 'bench' && given[0] !== undefined && !BENCHES.some((b) => b.name === given[0])) {
        wrong.push(`${at}: no bench named "${given[0]}" in scripts/bench.mjs`);
      }
      if (script === 'chaos' && given[0] !== undefined && !CHAOS.some((c) => c.name === given[0])) {
        wrong.push(`${at}: no chaos suite named "${given[0]}" in scripts/chaos.mjs`);
      }
      if (script === 'test') {
        for (const filter of given) if (!tests.some((t) => t.includes(filter))) wrong.push(`${at}: no test file matches "${filter}"`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

/** Node's and V8's own options, as they list them: the performance notes name some (profiling, the collector). */
function nodeFlags(): Set<string> {
  const listed = ['--help', '--v8-options'].map((o) => spawnSync(process.execPath, [o], { encoding: 'utf8' }).stdout).join('\n');
  const names = [...listed.matchAll(/^\s+(--[\w-]+)/gm)].map((m) => m[1].replace(/_/g, '-'));
  // V8's booleans also take a --no- form.
  return new Set(names.flatMap((f) => [f, f.replace(/^--(no-)?/, '--no-')]));
}

test('every vbrd subcommand, option and node dist/… entry point the docs show exists', () => {
  const options: Record<string, readonly string[]> = {
    serve: [...FLAGS.map((f) => f.flag), ...Object.keys(SHORTHAND_FLAGS)],
    lab: LAB_OPTIONS,
    audit: AUDIT_OPTIONS,
    state: CONTROL_OPTIONS,
    reset: CONTROL_OPTIONS,
    settle: CONTROL_OPTIONS,
  };
  const vbrdFlags = new Set([...Object.values(options).flat(), '--help', '-h']);
  const node = nodeFlags();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bundled = new Set(Object.values(pkg.bin).map((p) => p.replace(/^\.\//, '')));
  const subcommands = new Map<string, Found>();
  const wrong: string[] = [];
  for (const found of pages.flatMap((p) => p.code)) {
    const at = `${where(found)}: \`${found.text}\``;
    // `vbrd SUB …` (also as `node dist/src/cli/vbrd.js SUB …`): the subcommand, then its options.
    for (const m of found.text.matchAll(/(?:^|[\s(])(?:vbrd|node \S*\/vbrd\.js) (?=[-a-z])/g)) {
      const [sub, ...args] = argsAfter(found.text, m.index + m[0].length);
      if (sub.startsWith('-')) {
        if (!vbrdFlags.has(sub)) wrong.push(`${at}: vbrd has no option ${sub}`);
        continue;
      }
      if (!subcommands.has(sub)) subcommands.set(sub, found);
      for (const a of args) {
        const flag = a.split('=')[0];
        if (flag.startsWith('--') && flag !== '--help' && !(options[sub] ?? []).includes(flag))
          wrong.push(`${at}: vbrd ${sub} has no option ${flag}`);
      }
    }
    // A span that is only an option (`--data-plane frr`) names one of vbrd's, or one of Node's.
    const alone = /^(--[a-z][\w-]*)/.exec(found.text)?.[1];
    if (alone && !vbrdFlags.has(alone) && !node.has(alone)) wrong.push(`${at}: neither vbrd nor node has the option ${alone}`);
    // `node dist/X.js` runs what tsc compiled from X.ts (or the bundle package.json names).
    for (const m of found.text.matchAll(/\bnode (dist\/\S+\.js)/g)) {
      const source = m[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
      if (!existsSync(join(ROOT, source)) && !bundled.has(m[1])) wrong.push(`${at}: ${m[1]} is built from no ${source}`);
    }
  }
  // Whether the CLI knows a subcommand, the CLI says: `vbrd SUB --help` succeeds for each it has.
  for (const [sub, found] of subcommands) {
    const r = spawnSync(process.execPath, [CLI, sub, '--help'], { encoding: 'utf8' });
    if (r.status !== 0) wrong.push(`${where(found)}: \`${found.text}\`: vbrd has no subcommand ${sub} (${r.stderr.trim()})`);
  }
  assert.ok(subcommands.has('serve'), 'the docs show vbrd serve somewhere');
  assert.deepEqual(wrong, []);
});

test('the README keeps the fresh-machine set-up: npm start runs vbrd, npm test passes its tests', () => {
  const readme = pages.find((p) => p.file === 'README.md')!;
  const lines = readme.code.map((c) => c.text);
  for (const command of ['npm start', 'npm test'])
    assert.ok(lines.includes(command), `README.md shows \`${command}\` on a line of its own`);
});
