/**
 * The placeholder syntax the template files use, a small subset of Mustache with no logic and no
 * partials:
 *   {{name}}                   the value (lists joined with ", "); a missing value is an error
 *   {{#name}}...{{/name}}      the inner text only when the value is present (not empty, not false)
 *   {{^name}}...{{/name}}      the inner text only when it is absent
 * Values are substituted once, never re-scanned, so a customer name containing "{{" stays literal.
 */
export type TemplateValue = string | boolean | readonly string[] | undefined;
export type TemplateView = Readonly<Record<string, TemplateValue>>;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

// A line holding nothing but a section tag disappears with the tag (Mustache's "standalone" rule), so
// an optional line in an email body leaves no blank line behind.
const STANDALONE = /^[ \t]*(\{\{[#^/]\w+\}\})[ \t]*(?:\r?\n|$)/gm;
const SECTION = /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export function isPresent(value: TemplateValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== false && value !== '';
}

function expandSections(template: string, view: TemplateView): string {
  return template.replace(SECTION, (_match, kind: string, name: string, inner: string) =>
    isPresent(view[name]) === (kind === '#') ? expandSections(inner, view) : '',
  );
}

/** The names a template refers to, and an error for anything that is not valid syntax. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  const flat = template.replace(SECTION, (_m, _kind, name: string, inner: string) => {
    names.add(name);
    placeholdersOf(inner).forEach((n) => names.add(n));
    return '';
  });
  const rest = flat.replace(PLACEHOLDER, (_m, name: string) => {
    names.add(name);
    return '';
  });
  if (/\{\{|\}\}/.test(rest))
    throw new TemplateError(
      `malformed placeholder near "${rest.slice(rest.search(/\{\{|\}\}/), rest.search(/\{\{|\}\}/) + 20)}"`,
    );
  return [...names];
}

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Fills a template; `escape` is applied to every substituted value (HTML escaping for HTML bodies). */
export function fill(
  template: string,
  view: TemplateView,
  escape: (text: string) => string = (t) => t,
): string {
  return expandSections(template.replace(STANDALONE, '$1'), view).replace(
    PLACEHOLDER,
    (_match, name: string) => {
      const value = view[name];
      if (!isPresent(value) || value === true)
        throw new TemplateError(`template needs a value for "${name}"`);
      return escape(Array.isArray(value) ? value.join(', ') : String(value));
    },
  );
}
