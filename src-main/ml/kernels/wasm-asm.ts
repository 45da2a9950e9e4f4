/**
 * A tiny WebAssembly assembler: just enough of the binary format to emit this project's SIMD
 * kernels at run time (one imported memory, functions with i32 and v128 locals, loops, loads,
 * stores and a few SIMD instructions). Generating the bytes here keeps the kernels free of a
 * compiler toolchain and of committed binaries.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof V128;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** One function body under construction; every method appends an instruction and returns this. */
export class Fn {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(readonly params: ValType[]) {}

  /** Declares a local and returns its index (parameters come first). */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...rest);
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(v | 0));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  and(): this {
    return this.op(0x71);
  }
  /** Signed a >= b. */
  geS(): this {
    return this.op(0x4e);
  }
  /** Signed a < b. */
  ltS(): this {
    return this.op(0x48);
  }
  /** i32.load at the address on the stack (+ offset bytes). */
  loadI32(offset = 0): this {
    return this.op(0x28, 2, ...uleb(offset));
  }
  /**
   * while (i < limit) { body(); i += step }, as block / loop / br_if / br. `i` is set by the
   * caller beforehand; `limit` pushes the bound.
   */
  countUp(i: number, limit: () => void, step: number, body: () => void): this {
    this.block().loop().get(i);
    limit();
    this.geS().brIf(1);
    body();
    return this.get(i).i32(step).add().set(i).br(0).end().end();
  }
  /** block with no result; close with end(). */
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** loop with no result; close with end(). */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  /** if (condition on the stack) with no result; close with end(). */
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 2, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 2, ...uleb(offset));
  }
  /** Loads one float and repeats it in all four lanes. */
  load32Splat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  /** i8x16.shuffle of the two v128 on the stack (a then b): byte i of the result is byte lanes[i] of a‖b. */
  shuffle(lanes: number[]): this {
    return this.simd(0x0d, ...lanes);
  }
  /** Widens the low 8 unsigned bytes to eight 16-bit lanes. */
  i16x8ExtendLowU8(): this {
    return this.simd(0x89);
  }
  i16x8ExtendHighU8(): this {
    return this.simd(0x8a);
  }
  /** Widens the low 4 unsigned 16-bit lanes to four 32-bit lanes. */
  i32x4ExtendLowU16(): this {
    return this.simd(0xa9);
  }
  i32x4ExtendHighU16(): this {
    return this.simd(0xaa);
  }
  /** Signed 32-bit lanes to floats. */
  f32x4ConvertI32(): this {
    return this.simd(0xfa);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    return this.op(0x43, ...b);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /** Lanes of all ones where a > b (a, b pushed in that order), else zeros. */
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  /** Pseudo-maximum of a, b (pushed in that order): a < b ? b : a, per lane (one maxps). */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }
  /** a*b + c, fused where the machine has FMA (relaxed SIMD). */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }

  body(): number[] {
    const groups: number[][] = this.locals.map((t) => [1, t]);
    const inner = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(inner.length), ...inner];
  }
}

export interface ExportedFn {
  name: string;
  fn: Fn;
}

/** A module importing one memory (env.memory, no maximum) and exporting functions without results. */
export function assemble(fns: ExportedFn[]): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vec(f.fn.params.map((p) => [p])), 0]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => f.fn.body()))),
  ];
  return Uint8Array.from(bytes);
}
