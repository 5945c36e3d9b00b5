/** A JSON value this package does not model; kept as it came. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** Keys this version of the package does not know survive a round trip. */
export interface Unknown { [key: string]: JsonValue | undefined; }
