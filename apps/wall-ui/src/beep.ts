/**
 * A soft two-tone chime for a new critical alert, synthesised with WebAudio (no sound file to fetch).
 * Browsers may refuse sound before a user gesture: a wall kiosk starts Chromium with
 * `--autoplay-policy=no-user-gesture-required`; elsewhere the banner alone shows it.
 */
let context: AudioContext | null = null;

export function softBeep(): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t = start + i * 0.25;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.15, t + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.4);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.45);
    }
  } catch {
    /* no audio here: the banner is enough */
  }
}
