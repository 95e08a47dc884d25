import { describe, expect, it } from "vitest";
import { isIpAddress } from "../src/ip-address.js";

describe("isIpAddress", () => {
  it.each(["127.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fe80::1", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1"])(
    "accepts %s",
    (ip) => {
      expect(isIpAddress(ip)).toBe(true);
    },
  );

  it.each(["localhost", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", ":::", "1::2::3", "12345::", "*", ""])(
    "refuses %s",
    (ip) => {
      expect(isIpAddress(ip)).toBe(false);
    },
  );
});
