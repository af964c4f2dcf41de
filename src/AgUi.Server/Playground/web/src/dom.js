// Small DOM helpers. Everything the agent or the server sends is written as text, never as HTML.

/** An element with attributes (class, data-*, aria-*, …) and children (nodes or strings). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((child) => child !== undefined && child !== null));
  return element;
}

/** JSON text pretty-printed when it parses, as it came otherwise. */
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The time of day with milliseconds, in the person's time zone: 14:03:07.412. */
export function timeOfDay(date) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Keeps a scrolled container at its end when new content arrives, unless the person scrolled up. */
export function stickToEnd(container, change) {
  const atEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  change();
  if (atEnd) container.scrollTop = container.scrollHeight;
}
