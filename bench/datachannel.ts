// Data channel throughput: 20,000 messages of 64 bytes over a loopback reliable channel, through
// gdnet's WebRTCDataChannel (poll, getPacket) and through node-datachannel's RTCDataChannel
// directly (onmessage). Both use the same node-datachannel underneath: the ratio is gdnet's cost.
import { ChannelState, setErrorPrinter, type WebRTCDataChannel, WebRTCPeerConnection } from "gdnet";
import { RTCPeerConnection } from "node-datachannel/polyfill";
import { wirePair } from "../test-support/rtc-pair.js";
import { turn, type Workload } from "./harness.js";

const COUNT = 20_000;
const SIZE = 64;
const HIGH_WATER = 1 << 20;

async function gdnetRun(): Promise<number> {
  setErrorPrinter(null);
  const a = new WebRTCPeerConnection();
  const b = new WebRTCPeerConnection();
  wirePair(a, b);
  const send = a.createDataChannel("bench", { negotiated: true, id: 1 }) as WebRTCDataChannel;
  const recv = b.createDataChannel("bench", { negotiated: true, id: 1 }) as WebRTCDataChannel;
  recv.setInboundLimits(COUNT * SIZE * 2, COUNT * 2);
  a.createOffer();
  while (send.getReadyState() !== ChannelState.STATE_OPEN || recv.getReadyState() !== ChannelState.STATE_OPEN) {
    a.poll();
    b.poll();
    await turn();
  }
  const message = new Uint8Array(SIZE);
  let sent = 0;
  let received = 0;
  const start = performance.now();
  while (received < COUNT) {
    while (sent < COUNT && send.getBufferedAmount() < HIGH_WATER) {
      send.putPacket(message);
      sent++;
    }
    await turn();
    recv.poll();
    while (recv.getAvailablePacketCount() > 0) {
      recv.getPacket();
      received++;
    }
  }
  const elapsed = performance.now() - start;
  a.close();
  b.close();
  return COUNT / (elapsed / 1000);
}

async function rawRun(): Promise<number> {
  const a = new RTCPeerConnection({ iceServers: [] });
  const b = new RTCPeerConnection({ iceServers: [] });
  // A candidate may come before the other side has the description it belongs to (b gathers
  // as soon as it has its answer, before a has it): each side takes candidates once it has the
  // other's description.
  let aHasAnswer: () => void = () => {};
  let bHasOffer: () => void = () => {};
  const answered = new Promise<void>((resolve) => (aHasAnswer = resolve));
  const offered = new Promise<void>((resolve) => (bHasOffer = resolve));
  a.onicecandidate = (e) => {
    const candidate = e.candidate;
    if (candidate) void offered.then(() => b.addIceCandidate(candidate));
  };
  b.onicecandidate = (e) => {
    const candidate = e.candidate;
    if (candidate) void answered.then(() => a.addIceCandidate(candidate));
  };
  const send = a.createDataChannel("bench", { negotiated: true, id: 1 });
  const recv = b.createDataChannel("bench", { negotiated: true, id: 1 });
  recv.binaryType = "arraybuffer";
  const opened = Promise.all([new Promise((r) => (send.onopen = r)), new Promise((r) => (recv.onopen = r))]);
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription({ type: offer.type, sdp: offer.sdp });
  bHasOffer();
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription({ type: answer.type, sdp: answer.sdp });
  aHasAnswer();
  await opened;
  const message = new Uint8Array(SIZE);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    recv.onmessage = () => {
      if (++received === COUNT) resolve();
    };
  });
  let sent = 0;
  const start = performance.now();
  while (sent < COUNT) {
    while (sent < COUNT && send.bufferedAmount < HIGH_WATER) {
      send.send(message);
      sent++;
    }
    await turn();
  }
  await done;
  const elapsed = performance.now() - start;
  a.close();
  b.close();
  return COUNT / (elapsed / 1000);
}

export const dataChannelThroughput: Workload = {
  name: `data channel, ${COUNT.toLocaleString("en-US")} × ${SIZE} B reliable`,
  unit: "msg/s",
  // A run takes a tenth of a second and swings by 15 % with the machine's load: more rounds
  // steady the medians.
  rounds: 11,
  subjects: [
    { name: "gdnet WebRTCDataChannel", run: gdnetRun },
    { name: "raw node-datachannel", run: rawRun },
  ],
};
