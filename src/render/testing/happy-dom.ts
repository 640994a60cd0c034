/**
 * TEST SUPPORT ONLY (never imported by the app): makes happy-dom behave like a browser where
 * DOMPurify depends on it, so the render tests exercise the real sanitizer.
 *
 * happy-dom 21 differs from browsers in two ways that break DOMPurify (the sanitizer then
 * refuses to run, see assertWorks in sanitize.ts):
 * - `Node.prototype.nodeName` answers '' for elements (subclasses override it); DOMPurify reads
 *   that cached getter, so every element looked unknown.
 * - `NodeIterator` ignores the DOM standard's "pre-removing steps": after the current node is
 *   removed, iteration ends, so everything after a removed element went unchecked.
 * Both fixes are feature-detected and become no-ops once happy-dom behaves.
 */

function fixNodeName(): void {
  const base = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName');
  if (base?.get?.call(document.createElement('p')) === 'P') return;
  Object.defineProperty(Node.prototype, 'nodeName', {
    configurable: true,
    get(this: Node): string {
      for (let p = Object.getPrototypeOf(this) as object | null; p && p !== Node.prototype; p = Object.getPrototypeOf(p) as object | null) {
        const d = Object.getOwnPropertyDescriptor(p, 'nodeName');
        if (d?.get) return d.get.call(this) as string;
      }
      return '';
    },
  });
}

const ACCEPT = 1;

/** A NodeIterator per the DOM standard (https://dom.spec.whatwg.org/#interface-nodeiterator). */
class SpecNodeIterator {
  referenceNode: Node;
  pointerBeforeReferenceNode = true;
  /** Called when iteration runs off the end, so finished iterators stop being notified. */
  onDone?: (it: SpecNodeIterator) => void;

  constructor(
    readonly root: Node,
    readonly whatToShow: number,
    readonly filter: NodeFilter | null,
  ) {
    this.referenceNode = root;
  }

  private accept(node: Node): number {
    if (!(this.whatToShow & (1 << (node.nodeType - 1)))) return 3; // FILTER_SKIP
    if (!this.filter) return ACCEPT;
    return typeof this.filter === 'function' ? this.filter(node) : this.filter.acceptNode(node);
  }

  private traverse(forward: boolean): Node | null {
    let node: Node | null = this.referenceNode;
    let before = this.pointerBeforeReferenceNode;
    for (;;) {
      if (forward) {
        if (before) before = false;
        else node = following(node, this.root, false);
      } else if (!before) before = true;
      else node = preceding(node, this.root);
      if (!node) {
        this.onDone?.(this);
        return null;
      }
      if (this.accept(node) === ACCEPT) break;
    }
    this.referenceNode = node;
    this.pointerBeforeReferenceNode = before;
    return node;
  }

  nextNode(): Node | null {
    return this.traverse(true);
  }

  previousNode(): Node | null {
    return this.traverse(false);
  }

  detach(): void {}

  /** The standard's pre-removing steps, run before `removed` leaves the tree. */
  beforeRemove(removed: Node): void {
    if (removed === this.root || !removed.contains(this.referenceNode)) return;
    if (this.pointerBeforeReferenceNode) {
      const next = following(removed, this.root, true);
      if (next) {
        this.referenceNode = next;
        return;
      }
      this.pointerBeforeReferenceNode = false;
    }
    let ref: Node | null = removed.previousSibling;
    if (!ref) ref = removed.parentNode;
    else while (ref.lastChild) ref = ref.lastChild;
    if (ref) this.referenceNode = ref;
  }
}

function following(node: Node, root: Node, skipChildren: boolean): Node | null {
  if (!skipChildren && node.firstChild) return node.firstChild;
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) if (n.nextSibling) return n.nextSibling;
  return null;
}

function preceding(node: Node, root: Node): Node | null {
  if (node === root) return null;
  let n = node.previousSibling;
  if (!n) return node.parentNode;
  while (n.lastChild) n = n.lastChild;
  return n;
}

function nodeIteratorStopsAfterRemoval(): boolean {
  const doc = document.implementation.createHTMLDocument('');
  doc.body.innerHTML = '<i></i><b></b>';
  const it = doc.createNodeIterator(doc.body, 1);
  it.nextNode();
  const first = it.nextNode() as Element;
  first.remove();
  return it.nextNode()?.nodeName !== 'B';
}

function fixNodeIterator(): void {
  if (!nodeIteratorStopsAfterRemoval()) return;
  const live = new Set<SpecNodeIterator>();
  const notify = (node: Node) => {
    for (const it of live) it.beforeRemove(node);
  };
  // Patch where the methods really live: happy-dom's window classes are subclasses of its
  // internal ones, so `Document.prototype` may not be on a parsed document's chain.
  const doc = document.implementation.createHTMLDocument('');
  patch(doc, 'createNodeIterator', () =>
    function (root: Node, whatToShow = 0xffffffff, filter: NodeFilter | null = null) {
      const it = new SpecNodeIterator(root, whatToShow, filter);
      it.onDone = (done) => live.delete(done);
      live.add(it);
      return it;
    });
  const samples: Node[] = [doc.createElement('p'), doc.createTextNode('t'), doc.createComment('c')];
  for (const node of samples) {
    patch(node, 'removeChild', (orig) => function (this: Node, child: Node) {
      notify(child);
      return orig.call(this, child);
    });
    patch(node, 'replaceChild', (orig) => function (this: Node, node: Node, child: Node) {
      notify(child);
      return orig.call(this, node, child);
    });
    for (const name of ['remove', 'replaceWith']) {
      patch(node, name, (orig) => function (this: ChildNode, ...args: unknown[]) {
        if (this.parentNode) notify(this);
        return orig.apply(this, args);
      });
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wraps DOM methods of any signature
type Method = (this: any, ...args: any[]) => unknown;

/** Replaces `name` on the prototype that defines it for `obj` (once per prototype). */
function patch(obj: object, name: string, make: (orig: Method) => Method): void {
  let proto = Object.getPrototypeOf(obj) as Record<string, unknown> | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, name)) proto = Object.getPrototypeOf(proto) as Record<string, unknown> | null;
  const orig = proto?.[name];
  if (!proto || typeof orig !== 'function' || (orig as { patched?: boolean }).patched) return;
  const replacement = make(orig as Method);
  (replacement as { patched?: boolean }).patched = true;
  proto[name] = replacement;
}

/** Call before the first render in a happy-dom test file. Also gives KaTeX a standards-mode document. */
export function installHappyDomFixes(): void {
  fixNodeName();
  fixNodeIterator();
  if (!document.doctype) document.insertBefore(document.implementation.createDocumentType('html', '', ''), document.documentElement);
}
