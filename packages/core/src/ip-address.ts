const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted IPv4 address or an IPv6 address (Godot's IP_Address accepts both). */
export function isIpAddress(text: string): boolean {
  if (typeof text !== "string") return false;
  if (IPV4.test(text)) return true;
  if (!text.includes(":") || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const parts = text.split("::");
  if (parts.length > 2) return false;
  const groups = parts.flatMap((part) => (part === "" ? [] : part.split(":")));
  const last = groups[groups.length - 1] ?? "";
  const embeddedV4 = last.includes(".");
  if (embeddedV4 && !IPV4.test(last)) return false;
  const hexGroups = embeddedV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (embeddedV4 ? 2 : 0);
  return parts.length === 2 ? count < 8 : count === 8;
}
