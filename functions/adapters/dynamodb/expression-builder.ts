/**
 * Builds DynamoDB expressions (update, condition, key condition, filter,
 * projection) together with their attribute-name and -value maps, so a
 * caller says what to write and never keeps parallel arrays of placeholders.
 * Placeholders are made only when a name or value is used, because DynamoDB
 * refuses a request that declares one its expressions do not use.
 */

/** An attribute path: one name, or names and list indexes ("tags", 3 -> #tags[3]). */
export type AttributePath = string | readonly (string | number)[];

/** A condition written with the builder's placeholders, e.g. `attribute_exists(${e.name("pk")})`. */
export type Condition = (e: ExpressionBuilder) => string;

export interface BuiltExpression {
  readonly UpdateExpression?: string;
  readonly ConditionExpression?: string;
  readonly KeyConditionExpression?: string;
  readonly FilterExpression?: string;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

export interface ExpressionBuilder {
  /** The placeholder path for `path` ("session.expiresAt" is one name; pass ["session", "expiresAt"]). */
  name(path: AttributePath): string;
  /** A fresh value placeholder. */
  value(value: unknown): string;
  set(path: AttributePath, value: unknown): ExpressionBuilder;
  /** Writes `value` only where the attribute is still absent (first-time fields). */
  setIfAbsent(path: AttributePath, value: unknown): ExpressionBuilder;
  /** Appends to a list attribute, creating it when absent. */
  appendToList(path: AttributePath, items: readonly unknown[]): ExpressionBuilder;
  add(path: AttributePath, amount: number): ExpressionBuilder;
  remove(path: AttributePath): ExpressionBuilder;
  /** Conditions given more than once must all hold (AND). */
  condition(condition: Condition): ExpressionBuilder;
  keyCondition(condition: Condition): ExpressionBuilder;
  filter(condition: Condition): ExpressionBuilder;
  project(...paths: AttributePath[]): ExpressionBuilder;
  /** True when an update clause (SET, REMOVE, ADD) was given. */
  hasUpdate(): boolean;
  build(): BuiltExpression;
}

const plainName = /^[A-Za-z][A-Za-z0-9]*$/;

export function expressionBuilder(): ExpressionBuilder {
  const names = new Map<string, string>(); // placeholder -> attribute name
  const placeholders = new Map<string, string>(); // attribute name -> placeholder
  const values: Record<string, unknown> = {};
  const clauses = { set: [] as string[], remove: [] as string[], add: [] as string[] };
  const conditions = { condition: [] as string[], key: [] as string[], filter: [] as string[] };
  const projection: string[] = [];

  function placeholderOf(attribute: string): string {
    const known = placeholders.get(attribute);
    if (known) return known;
    let placeholder = plainName.test(attribute) ? `#${attribute}` : `#n${names.size}`;
    for (let i = names.size; names.has(placeholder); i++) placeholder = `#n${i}`;
    names.set(placeholder, attribute);
    placeholders.set(attribute, placeholder);
    return placeholder;
  }

  const builder: ExpressionBuilder = {
    name(path) {
      const parts = typeof path === "string" ? [path] : path;
      return parts
        .map((part, index) => {
          if (typeof part === "number") return `[${part}]`;
          return `${index === 0 ? "" : "."}${placeholderOf(part)}`;
        })
        .join("");
    },
    value(value) {
      const placeholder = `:v${Object.keys(values).length}`;
      values[placeholder] = value;
      return placeholder;
    },
    set(path, value) {
      clauses.set.push(`${builder.name(path)} = ${builder.value(value)}`);
      return builder;
    },
    setIfAbsent(path, value) {
      const name = builder.name(path);
      clauses.set.push(`${name} = if_not_exists(${name}, ${builder.value(value)})`);
      return builder;
    },
    appendToList(path, items) {
      const name = builder.name(path);
      const none = builder.value([]);
      clauses.set.push(
        `${name} = list_append(if_not_exists(${name}, ${none}), ${builder.value(items)})`,
      );
      return builder;
    },
    add(path, amount) {
      clauses.add.push(`${builder.name(path)} ${builder.value(amount)}`);
      return builder;
    },
    remove(path) {
      clauses.remove.push(builder.name(path));
      return builder;
    },
    condition(condition) {
      conditions.condition.push(condition(builder));
      return builder;
    },
    keyCondition(condition) {
      conditions.key.push(condition(builder));
      return builder;
    },
    filter(condition) {
      conditions.filter.push(condition(builder));
      return builder;
    },
    project(...paths) {
      projection.push(...paths.map((path) => builder.name(path)));
      return builder;
    },
    hasUpdate: () => clauses.set.length + clauses.remove.length + clauses.add.length > 0,
    build: () => ({
      ...optional("UpdateExpression", updateText(clauses)),
      ...optional("ConditionExpression", joinAll(conditions.condition)),
      ...optional("KeyConditionExpression", joinAll(conditions.key)),
      ...optional("FilterExpression", joinAll(conditions.filter)),
      ...optional("ProjectionExpression", projection.join(", ")),
      ...(names.size > 0 && { ExpressionAttributeNames: Object.fromEntries(names) }),
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: { ...values } }),
    }),
  };
  return builder;
}

function updateText(clauses: { set: string[]; remove: string[]; add: string[] }): string {
  return [
    clauses.set.length > 0 ? `SET ${clauses.set.join(", ")}` : "",
    clauses.remove.length > 0 ? `REMOVE ${clauses.remove.join(", ")}` : "",
    clauses.add.length > 0 ? `ADD ${clauses.add.join(", ")}` : "",
  ]
    .filter((clause) => clause !== "")
    .join(" ");
}

/** Several conditions hold together; each is parenthesised so an OR inside stays inside. */
function joinAll(parts: readonly string[]): string {
  return parts.length === 1 ? (parts[0] ?? "") : parts.map((part) => `(${part})`).join(" AND ");
}

function optional<K extends string>(key: K, text: string): Partial<Record<K, string>> {
  return text === "" ? {} : ({ [key]: text } as Record<K, string>);
}
