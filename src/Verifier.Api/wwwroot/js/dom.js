// Builds DOM nodes from data without innerHTML, so nothing typed or uploaded is ever parsed as markup.

const SvgNamespace = 'http://www.w3.org/2000/svg';

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An HTML element: el('p', { class: 'x' }, 'text', el('strong', {}, 'more')). */
export function el(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** An SVG element. */
export function svg(tag, attributes, ...children) {
  return build(document.createElementNS(SvgNamespace, tag), attributes, children);
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`#${id} is missing from the page.`);
  }
  return node;
}
