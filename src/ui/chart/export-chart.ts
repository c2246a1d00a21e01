/**
 * A drawn chart as a file: the SVG as it is on screen (colours that follow the page's theme
 * through currentColor are written in, so the file looks the same elsewhere), or a PNG painted
 * from that SVG at twice the size for sharp text.
 */

export function chartSvgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const style = getComputedStyle(svg);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(svg.clientWidth || svg.getBoundingClientRect().width));
  copy.setAttribute('height', String(svg.clientHeight || svg.getBoundingClientRect().height));
  copy.style.color = style.color;
  copy.style.fontFamily = style.fontFamily;
  copy.style.fontSize = style.fontSize;
  copy.style.background = backgroundOf(svg);
  return new XMLSerializer().serializeToString(copy);
}

/** The first non-transparent background up the tree, so a dark theme exports dark. */
function backgroundOf(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return 'white';
}

export async function chartPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = chartSvgText(svg);
  const width = Number(svg.clientWidth || svg.getBoundingClientRect().width);
  const height = Number(svg.clientHeight || svg.getBoundingClientRect().height);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser gives no canvas to draw the PNG on.');
    context.fillStyle = backgroundOf(svg);
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
