import { describe, expect, it } from "vitest";
import { Fifo } from "../src/fifo.js";
import { PACKET_MARK, StagedLog } from "../src/staged-log.js";

describe("Fifo", () => {
  it("returns items first in, first out, across compactions", () => {
    const fifo = new Fifo<number>();
    let next = 0;
    for (let i = 0; i < 5000; i++) {
      fifo.push(i);
      if (i % 3 === 0) expect(fifo.shift()).toBe(next++);
    }
    while (fifo.length > 0) expect(fifo.shift()).toBe(next++);
    expect(next).toBe(5000);
    expect(fifo.shift()).toBeUndefined();
  });
});

describe("StagedLog", () => {
  it("keeps packets and events in arrival order", () => {
    const log = new StagedLog<string>();
    log.push("open");
    log.pushPacket();
    log.push("close");
    expect([log.shift(), log.shift(), log.shift(), log.shift()]).toEqual(["open", PACKET_MARK, "close", undefined]);
  });
});
