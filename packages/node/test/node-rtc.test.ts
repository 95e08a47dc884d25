// Node's WebRTC platform over node-datachannel: the ICE server URLs libdatachannel reads, and the
// calls libdatachannel would refuse with a C++ exception that aborts the process (node-datachannel
// does not catch it), refused beforehand as Godot's plugin refuses them.
import { ChannelState, GatheringState, GodotError, type WebRTCDataChannel, WebRTCPeerConnection } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";
import { iceServerUrls } from "../src/node-rtc.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function connection(): WebRTCPeerConnection {
  const pc = new WebRTCPeerConnection();
  cleanups.push(() => pc.close());
  return pc;
}

/** An offer from a fresh connection with one negotiated channel. */
async function anOffer(): Promise<string> {
  const offerer = connection();
  offerer.createDataChannel("c", { negotiated: true, id: 1 });
  let sdp = "";
  offerer.on("session_description_created", (_type, made) => {
    sdp = made;
  });
  offerer.createOffer();
  await pollUntil(offerer, () => sdp !== "");
  return sdp;
}

describe("iceServerUrls", () => {
  it("writes TURN credentials into the URL, percent-encoded, and leaves STUN URLs alone", () => {
    const urls = iceServerUrls({
      iceServers: [
        { urls: ["stun:stun.example:3478"] },
        {
          urls: ["turn:turn.example:3478?transport=udp", "turns:turn.example:5349"],
          username: "1700000000:alice",
          credential: "p@ss%w:rd",
        },
      ],
    });
    expect(urls).toEqual([
      "stun:stun.example:3478",
      "turn:1700000000%3Aalice:p%40ss%25w%3Ard@turn.example:3478?transport=udp",
      "turns:1700000000%3Aalice:p%40ss%25w%3Ard@turn.example:5349",
    ]);
    // What libdatachannel reads back: it splits the user info at the first ':' and decodes each part.
    const userInfo = (urls[1] as string).slice("turn:".length).split("@")[0] as string;
    const [user, password] = userInfo.split(":").map(decodeURIComponent);
    expect([user, password]).toEqual(["1700000000:alice", "p@ss%w:rd"]);
  });

  it("keeps a URL as it is when the server has no credentials", () => {
    expect(iceServerUrls({ iceServers: [{ urls: "turn:turn.example:3478", username: "only-a-user" }] })).toEqual([
      "turn:turn.example:3478",
    ]);
  });
});

describe("calls libdatachannel would abort the process on", () => {
  it("refuses an offer before any data channel exists, in the next poll", async () => {
    const pc = connection();
    expect(pc.createOffer()).toBe(GodotError.OK);
    await pollUntil(pc, () => pc.getLastError() !== null);
    expect(pc.getLastError()?.message).toMatch(/createOffer failed: an offer needs a data channel/);
  });

  it("refuses an offer while a remote offer is being answered, and a second offer", async () => {
    const offer = await anOffer();
    const answerer = connection();
    answerer.createDataChannel("c", { negotiated: true, id: 1 });
    const answers: string[] = [];
    answerer.on("session_description_created", (type) => answers.push(type));
    answerer.setRemoteDescription("offer", offer);
    answerer.createOffer(); // same turn: the answer is not made yet
    await pollUntil(answerer, () => answers.length === 1 && answerer.getLastError() !== null);
    expect(answers).toEqual(["answer"]);
    expect(answerer.getLastError()?.message).toMatch(/createOffer failed: an offer needs a new connection/);

    const offerer = connection();
    offerer.createDataChannel("c", { negotiated: true, id: 1 });
    offerer.createOffer();
    offerer.createOffer();
    await pollUntil(offerer, () => offerer.getLastError() !== null);
    expect(offerer.getLastError()?.message).toMatch(/an offer needs a new connection \(it is \w+, have-local-offer\)/);
  });

  it("reports a configuration the polyfill refuses as ERR_CANT_CREATE", () => {
    const pc = connection();
    // A TURN server without credentials: node-datachannel's polyfill throws after the native
    // connection exists, which is then closed.
    expect(pc.initialize({ iceServers: [{ urls: ["turn:127.0.0.1:3478"] }] })).toBe(GodotError.ERR_CANT_CREATE);
    expect(pc.getLastError()?.message).toMatch(/username/);
  });
});

describe("the offerer's candidates", () => {
  it("wait until the answer is set, so the answerer cannot reach the offerer first", async () => {
    const [a, b] = [connection(), connection()];
    const chA = a.createDataChannel("c", { negotiated: true, id: 1 }) as WebRTCDataChannel;
    const chB = b.createDataChannel("c", { negotiated: true, id: 1 }) as WebRTCDataChannel;
    const fromA: string[] = [];
    const fromB: Array<[string, number, string]> = [];
    let offer = "";
    let answer = "";
    a.on("session_description_created", (_type, sdp) => {
      offer = sdp;
    });
    a.on("ice_candidate_created", (_media, _index, name) => fromA.push(name));
    b.on("session_description_created", (_type, sdp) => {
      answer = sdp;
    });
    b.on("ice_candidate_created", (media, index, name) => fromB.push([media, index, name]));
    a.createOffer();
    await pollUntil(a, () => offer !== "" && a.getGatheringState() === GatheringState.GATHERING_STATE_COMPLETE);
    expect(fromA).toEqual([]); // gathered, and held: the offer itself carries no candidate
    expect(offer).not.toMatch(/a=candidate/);
    b.setRemoteDescription("offer", offer);
    await pollUntil(b, () => answer !== "" && fromB.length > 0);
    expect(fromA).toEqual([]);
    a.setRemoteDescription("answer", answer);
    for (const [media, index, name] of fromB) a.addIceCandidate(media, index, name);
    await pollUntil(a, () => fromA.length > 0);
    for (const name of fromA) b.addIceCandidate("0", 0, name);
    await pollUntil([a, b], () => [chA, chB].every((c) => c.getReadyState() === ChannelState.STATE_OPEN));
  });
});
