// The build-time transform of production browser builds: every error message gdnet writes in
// its sources becomes a call of the tiny formatter (message-runtime.mjs) with a stable id and the
// values the message interpolates, and the texts go to a table (docs/errors.md) instead of the
// bundle. Development builds and Node never run it, so they keep the full messages.
//
// A message is recognized by where it is written, on the parsed module (oxc, through Vite):
// - the second argument of `new GdnetError(code, message, options)`;
// - the message argument of the helpers in MESSAGE_FUNCTIONS (the decoders' `reject(packet, why)`
//   and the like), matched by name *and* by the module they are declared in or imported from;
// - what the functions in MESSAGE_FUNCTIONS marked `returns` return (a message for a caller);
// - the initializer of a `const` that is used only in those places.
// A message expression is compacted when it is a string or template literal, a concatenation
// starting with one, or a conditional whose branches are; anything else (a platform's own error
// text, `String(cause)`) is kept as it is. Text interpolated into a message (a template or a
// conditional of them) becomes a message of its own, shown by id inside the outer one. GdnetError's constructor is rewritten to decorate
// fragments into the message users see (code, values, link to the full text).
import { dirname, relative, resolve } from "node:path";
import MagicString from "magic-string";
import { parseSync } from "vite";
import { messageId } from "./message-id.mjs";

/** The one error class of gdnet: its second constructor argument is a message. */
export const ERROR_CLASS = "GdnetError";

/**
 * Helpers that take a message, or the part of one that says what is wrong, as argument `arg`,
 * or that return one (`returns`); `module` is relative to the repository root. Only what a
 * helper *composes into* its message belongs here: an argument that is a name shown in the
 * message (a packet's name) stays a value. A helper missing here only keeps its full texts.
 */
export const MESSAGE_FUNCTIONS = [
  { module: "packages/core/src/multiplayer/packet-helpers.ts", name: "reject", arg: 1 },
  { module: "packages/core/src/multiplayer/packet-helpers.ts", name: "invalidPacket", arg: 1 },
  { module: "packages/core/src/rtc-options.ts", name: "invalid", arg: 0 },
  { module: "packages/core/src/rpc-config.ts", name: "bad", arg: 0 },
  { module: "packages/core/src/signaling/ice-candidate-data.ts", name: "invalid", arg: 0 },
  { module: "packages/core/src/signaling/signaling-json.ts", name: "invalid", arg: 0 },
  { module: "packages/core/src/signaling/signaling-text.ts", name: "invalid", arg: 0 },
  { module: "packages/core/src/variant/encode-state.ts", name: "fail", arg: 1 },
  { module: "packages/core/src/variant/numbers.ts", name: "intProblem", returns: true },
  { module: "packages/core/src/variant/variant-decoder.ts", name: "invalid", arg: 0 },
  { module: "packages/core/src/websocket-url.ts", name: "invalid", arg: 0 },
];

/** The module the transformed code imports the formatter from (the Vite plugin resolves it). */
export const RUNTIME_ID = "virtual:gdnet-messages";

const FORMAT = "__gdnetMessage";
const DECORATE = "__gdnetDecorate";
const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/**
 * Compacts the messages of one module. `file` is its absolute path, `root` the repository's.
 * Returns the new code and source map (null when nothing changed), the messages it compacted
 * (`{ id, template, values, codes, via, file }`) and the message expressions it had to keep.
 */
export function compactMessages(source, file, { root, runtime = RUNTIME_ID, messageFunctions = MESSAGE_FUNCTIONS }) {
  const { program, errors } = parseSync(file, source, { lang: file.endsWith(".ts") ? "ts" : "js", preserveParens: false });
  if (errors.length > 0) throw new Error(`compact-messages: cannot parse ${file}: ${errors[0].message}`);
  const where = relative(root, file).split("\\").join("/");
  const functions = messageFunctionsOf(program, file, where, root, messageFunctions);
  const returning = new Set(messageFunctions.filter((fn) => fn.returns && fn.module === where).map((fn) => fn.name));
  const consts = constDeclarations(program);

  // Pass 1: find the message positions (and the consts used in them).
  /** @type {{ node: any, codes?: string[], via?: string, topLevel: boolean }[]} */
  const sites = [];
  /** @type {Map<string, number>} */
  const constMessageUses = new Map();
  /** @type {any[]} */
  const decorations = [];
  walk(program, [], (node, ancestors) => {
    const topLevel = !ancestors.some((a) => FUNCTION_TYPES.has(a.type));
    let message;
    let codes;
    let via;
    if (node.type === "NewExpression" && isIdentifier(node.callee, ERROR_CLASS)) {
      message = node.arguments[1];
      codes = literalCodes(node.arguments[0]);
    } else if (node.type === "CallExpression" && node.callee.type === "Identifier" && functions.has(node.callee.name)) {
      message = node.arguments[functions.get(node.callee.name)];
      via = `${node.callee.name}()`;
    } else if (node.type === "ClassDeclaration" && isIdentifier(node.id, ERROR_CLASS)) {
      const call = superCallOf(node);
      if (call) decorations.push(call);
    } else if (node.type === "FunctionDeclaration" && node.id && returning.has(node.id.name)) {
      for (const returned of returnedValues(node)) sites.push({ node: returned, topLevel: false, via: `${node.id.name}()` });
    }
    if (message === undefined || message.type === "SpreadElement") return;
    if (message.type === "Identifier" && consts.has(message.name)) {
      constMessageUses.set(message.name, (constMessageUses.get(message.name) ?? 0) + 1);
    }
    sites.push({ node: message, codes, via, topLevel });
  });
  // A const is compacted only when every reference to it is a message position.
  const references = identifierReferences(program);
  /** @type {Set<string>} */
  const messageConsts = new Set();
  for (const [name, uses] of constMessageUses) if (references.get(name) === uses) messageConsts.add(name);

  // Pass 2: rewrite.
  const out = new MagicString(source);
  const messages = [];
  const kept = [];
  let usesFormatter = false;
  const compile = (node, site) => {
    const result = rewrite(node, source, out, site.topLevel);
    if (result === null) return false;
    result.forEach(({ template, values, nested }) => {
      const how = nested ? { codes: [], via: "a value of another message" } : { codes: site.codes ?? [], via: site.via };
      messages.push({ id: messageId(template), template, values, file: where, ...how });
      if (values.length > 0) usesFormatter = true;
    });
    return true;
  };
  for (const site of sites) {
    const node = unwrap(site.node);
    if (node.type === "Identifier" && messageConsts.has(node.name)) continue;
    if (!compile(node, site)) kept.push(source.slice(site.node.start, site.node.end));
  }
  for (const name of messageConsts) {
    const declaration = consts.get(name);
    // The code (or helper) is the one of the places the const is used, when they all agree.
    const uses = sites.filter((s) => isIdentifier(unwrap(s.node), name));
    const vias = new Set(uses.map((s) => s.via));
    const site = {
      topLevel: declaration.topLevel,
      codes: [...new Set(uses.flatMap((s) => s.codes ?? []))],
      via: vias.size === 1 ? [...vias][0] : undefined,
    };
    if (!compile(unwrap(declaration.init), site)) kept.push(source.slice(declaration.init.start, declaration.init.end));
  }
  for (const call of decorations) {
    const [first] = call.arguments;
    const code = call.codeParam;
    out.appendLeft(first.start, `${DECORATE}(${code}, `);
    out.prependRight(first.end, ")");
  }
  if (!out.hasChanged()) return { code: source, map: null, messages, kept };
  const imports = [
    usesFormatter ? `compactMessage as ${FORMAT}` : "",
    decorations.length > 0 ? `decorateMessage as ${DECORATE}` : "",
  ];
  const specifiers = imports.filter(Boolean).join(", ");
  if (specifiers) out.prepend(`import { ${specifiers} } from ${JSON.stringify(runtime)};\n`);
  return { code: out.toString(), map: out.generateMap({ source: file, hires: true, includeContent: true }), messages, kept };
}

/**
 * Rewrites one message expression in `out`; returns its templates (a conditional has one per
 * branch) or null when the expression is not a message text the transform can see.
 */
function rewrite(node, source, out, topLevel, nested = false) {
  node = unwrap(node);
  if (node.type === "ConditionalExpression") {
    const consequent = rewrite(node.consequent, source, out, topLevel, nested);
    const alternate = rewrite(node.alternate, source, out, topLevel, nested);
    if (consequent === null && alternate === null) return null;
    return [...(consequent ?? []), ...(alternate ?? [])];
  }
  const parts = templateParts(node);
  if (parts === null) return null;
  let template = "";
  const values = [];
  for (const part of parts) {
    if (typeof part === "string") template += part;
    else {
      values.push(part);
      template += `{${values.length}}`;
    }
  }
  // Interpolated text worth an id of its own: words, not a separator or an empty default.
  if (nested && !/[A-Za-z]{2}.*\s.*[A-Za-z]{2}/s.test(parts.filter((p) => typeof p === "string").join(""))) return null;
  const templates = [];
  for (const value of values) {
    for (const inner of rewrite(value, source, out, topLevel, true) ?? []) templates.push({ ...inner, nested: true });
  }
  const id = messageId(template);
  if (values.length === 0) {
    out.overwrite(node.start, node.end, JSON.stringify(`E${id}`));
  } else {
    // Only the text between the values changes, so edits inside a value (a nested message) stay valid.
    const pure = topLevel ? "/* @__PURE__ */ " : "";
    out.overwrite(node.start, values[0].start, `${pure}${FORMAT}(${JSON.stringify(id)}, `);
    for (let i = 1; i < values.length; i++) out.overwrite(values[i - 1].end, values[i].start, ", ");
    out.overwrite(values[values.length - 1].end, node.end, ")");
  }
  return [{ template, values: values.map((value) => source.slice(value.start, value.end)), nested: false }, ...templates];
}

/**
 * The message as text and value nodes: a string or template literal, or a `+` chain that starts
 * with one (so every `+` is a concatenation). Null for anything else.
 */
function templateParts(node) {
  node = unwrap(node);
  if (node.type === "Literal" && typeof node.value === "string") return [node.value];
  if (node.type === "TemplateLiteral") {
    const parts = [];
    node.quasis.forEach((quasi, i) => {
      if (quasi.value.cooked === null) throw new Error("compact-messages: a message template has an invalid escape");
      parts.push(quasi.value.cooked);
      if (i < node.expressions.length) parts.push(node.expressions[i]);
    });
    return parts;
  }
  if (node.type === "BinaryExpression" && node.operator === "+") {
    const left = templateParts(node.left);
    if (left === null) return null;
    const right = unwrap(node.right);
    const rightParts = right.type === "Literal" || right.type === "TemplateLiteral" ? templateParts(right) : null;
    return [...left, ...(rightParts ?? [node.right])];
  }
  return null;
}

/** The local names in this module that are message functions, with the index of their message argument. */
function messageFunctionsOf(program, file, where, root, messageFunctions) {
  /** @type {Map<string, number>} */
  const found = new Map();
  const taking = messageFunctions.filter((fn) => fn.arg !== undefined);
  for (const fn of taking) if (fn.module === where) found.set(fn.name, fn.arg);
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration" || !statement.source.value.startsWith(".")) continue;
    // "./x.js" is x.ts in the sources (TypeScript's NodeNext imports), or x.js itself.
    const target = withoutExtension(
      relative(root, resolve(dirname(file), statement.source.value))
        .split("\\")
        .join("/"),
    );
    for (const specifier of statement.specifiers) {
      if (specifier.type !== "ImportSpecifier") continue;
      const imported = specifier.imported.name ?? specifier.imported.value;
      const fn = taking.find((f) => withoutExtension(f.module) === target && f.name === imported);
      if (fn) found.set(specifier.local.name, fn.arg);
    }
  }
  return found;
}

/** The values `fn` returns (not those of functions nested in it). */
function returnedValues(fn) {
  const values = [];
  walk(fn.body, [], (node, ancestors) => {
    if (node.type === "ReturnStatement" && node.argument && !ancestors.some((a) => FUNCTION_TYPES.has(a.type))) {
      values.push(node.argument);
    }
  });
  return values;
}

/** Every `const name = init` of the module (names declared more than once are left out: no scopes here). */
function constDeclarations(program) {
  /** @type {Map<string, { init: any, topLevel: boolean }>} */
  const consts = new Map();
  const seen = new Set();
  walk(program, [], (node, ancestors) => {
    if (node.type !== "VariableDeclarator" || node.id.type !== "Identifier") return;
    const name = node.id.name;
    if (seen.has(name)) consts.delete(name);
    else if (node.init && ancestors.at(-1)?.kind === "const") {
      consts.set(name, { init: node.init, topLevel: !ancestors.some((a) => FUNCTION_TYPES.has(a.type)) });
    }
    seen.add(name);
  });
  return consts;
}

/** How many times each name is referenced (declarations, property keys and member names are not references). */
function identifierReferences(program) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  walk(program, [], (node, ancestors) => {
    if (node.type !== "Identifier") return;
    const parent = ancestors.at(-1);
    if (parent?.type === "VariableDeclarator" && parent.id === node) return;
    if (parent?.type === "MemberExpression" && parent.property === node && !parent.computed) return;
    if (
      (parent?.type === "Property" || parent?.type === "MethodDefinition" || parent?.type === "PropertyDefinition") &&
      parent.key === node &&
      !parent.computed
    ) {
      if (!(parent.type === "Property" && parent.shorthand)) return;
    }
    counts.set(node.name, (counts.get(node.name) ?? 0) + 1);
  });
  return counts;
}

/** The `super(message, …)` call in the error class's constructor, with the name of its code parameter. */
function superCallOf(classNode) {
  const ctor = classNode.body.body.find((member) => member.type === "MethodDefinition" && member.kind === "constructor");
  const codeParam = ctor?.value.params[0];
  if (!ctor || codeParam?.type !== "Identifier") return null;
  let call = null;
  walk(ctor.value.body, [], (node) => {
    if (node.type === "CallExpression" && node.callee.type === "Super" && node.arguments.length > 0) call ??= node;
  });
  return call && { arguments: call.arguments, codeParam: codeParam.name };
}

/** Visits every node below `node`, depth first, with its ancestors. */
function walk(node, ancestors, visit) {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, ancestors, visit);
    return;
  }
  if (node === null || typeof node !== "object" || typeof node.type !== "string") return;
  visit(node, ancestors);
  ancestors.push(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (value !== null && typeof value === "object") walk(value, ancestors, visit);
  }
  ancestors.pop();
}

/** The expression inside TypeScript's `as`, `satisfies` and `!` and inside parentheses. */
function unwrap(node) {
  while (
    node.type === "TSAsExpression" ||
    node.type === "TSSatisfiesExpression" ||
    node.type === "TSNonNullExpression" ||
    node.type === "ParenthesizedExpression"
  ) {
    node = node.expression;
  }
  return node;
}

function withoutExtension(path) {
  return path.replace(/\.[cm]?[jt]s$/, "");
}

function isIdentifier(node, name) {
  return node?.type === "Identifier" && node.name === name;
}

/** The error codes a code argument can be when they are written out (a literal, or a conditional of them). */
function literalCodes(node) {
  if (node === undefined) return [];
  node = unwrap(node);
  if (node.type === "Literal" && typeof node.value === "string") return [node.value];
  if (node.type === "ConditionalExpression") return [...literalCodes(node.consequent), ...literalCodes(node.alternate)];
  return [];
}
