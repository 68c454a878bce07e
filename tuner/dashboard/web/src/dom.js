// Tiny helpers to build HTML and SVG elements without a framework.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of [].concat(children || [])) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// h('div', {class: 'x'}, [children]) -> HTMLElement
export function h(tag, attrs, children) {
  return build(document.createElement(tag), attrs, children);
}

// s('circle', {cx: 1}) -> SVGElement
export function s(tag, attrs, children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

// A native tooltip for an SVG mark.
export function tooltip(text) {
  return s('title', { text });
}
