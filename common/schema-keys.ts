// Keeping a zod shape and the interface it checks in step: each key of one is a key of the other. The
// schema's output is also assigned to the interface where it is used, which checks each field's type.

/** `true` when the shape object `Shape` and the interface `T` have exactly the same keys; else `false`. */
export type KeysMatch<Shape, T> = [Exclude<keyof Shape, keyof T>, Exclude<keyof T, keyof Shape>] extends [never, never] ? true : false;
