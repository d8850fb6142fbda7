/**
 * A soft two-tone chime for a new critical alert, synthesised with WebAudio (no sound file to fetch).
 *
 * Creating an AudioContext opens the audio device, which can block the page for hundreds of ms
 * (600 ms seen in headless Chromium without a sound card): `prepareSound` does it once, in an idle
 * moment after the first values are on screen, so the chime itself costs nothing when an alarm comes.
 * Browsers may refuse sound before a user gesture: a wall kiosk starts Chromium with
 * `--autoplay-policy=no-user-gesture-required`; elsewhere the banner alone shows it.
 */
let context: AudioContext | null = null;
let unavailable = false;

/** Opens the audio output ahead of the first chime (at an idle moment). */
export function prepareSound(): void {
  const open = () => {
    if (context || unavailable) return;
    try {
      context = new AudioContext();
    } catch {
      unavailable = true; // no audio here: the banner is enough
    }
  };
  if ('requestIdleCallback' in globalThis) requestIdleCallback(open, { timeout: 10_000 });
  else setTimeout(open, 1000);
}

export function softBeep(): void {
  if (!context) return prepareSound();
  try {
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
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
    /* the chime is a courtesy: the banner shows the alarm */
  }
}
