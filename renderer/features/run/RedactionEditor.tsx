import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { useAppStore } from '../../store';
import { FormError } from '../../components/FormError';
import { describeBox, nudgeBox, startBox, type Box } from './redactionKeys';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** Why an image cannot be attached, or null if it can. */
export function imageProblem(file: Blob): string | null {
  if (!TYPES.includes(file.type)) return 'Only PNG, JPEG and WebP images can be attached';
  if (file.size > MAX_IMAGE_BYTES) return 'Screenshots are limited to 20 MB';
  return null;
}

const normal = (b: Box): Box => ({
  x: Math.min(b.x, b.x + b.w),
  y: Math.min(b.y, b.y + b.h),
  w: Math.abs(b.w),
  h: Math.abs(b.h),
});

/**
 * Cover what must not be kept with opaque boxes (solid fill: a blur can be undone), then attach.
 * Only the redacted rendering is uploaded; the original never leaves this page.
 */
export function RedactionEditor({
  source,
  onCancel,
  onAttached,
}: {
  source: Blob;
  onCancel: () => void;
  onAttached: (hash: string, previewUrl: string) => void;
}) {
  const upload = useAppStore((s) => s.uploadScreenshot);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<ImageBitmap | null>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [drawing, setDrawing] = useState<Box | null>(null);
  // The keyboard's box: shown as an outline over the image (never drawn into it) while focused.
  const [moved, setCursor] = useState<Box | null>(null);
  const [focused, setFocused] = useState(false);
  const cursor = focused && image ? (moved ?? startBox(image.width, image.height)) : null;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    createImageBitmap(source)
      .then((bitmap) => live && setImage(bitmap))
      .catch(() => live && setError('This image cannot be read'));
    return () => {
      live = false;
    };
  }, [source]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !image) return;
    c.width = image.width;
    c.height = image.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    ctx.fillStyle = '#000';
    for (const b of drawing ? [...boxes, normal(drawing)] : boxes) ctx.fillRect(b.x, b.y, b.w, b.h);
  }, [image, boxes, drawing]);

  const toImage = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const c = e.currentTarget;
    return {
      x: ((e.clientX - rect.left) / rect.width) * c.width,
      y: ((e.clientY - rect.top) / rect.height) * c.height,
    };
  };

  const attach = async () => {
    const c = canvas.current;
    if (!c) return;
    setBusy(true);
    let blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, 'image/png'));
    if (blob && blob.size > MAX_IMAGE_BYTES)
      blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, 'image/jpeg', 0.9));
    if (!blob) {
      setBusy(false);
      return setError('The image could not be prepared');
    }
    const result = await upload(new Uint8Array(await blob.arrayBuffer()));
    setBusy(false);
    if ('error' in result) return setError(result.error);
    onAttached(result.hash, URL.createObjectURL(blob));
  };

  return (
    <Dialog open title="Redact and attach the screenshot" onClose={onCancel} className="wide">
      <p className="card-hint">
        Drag over anything that must not be kept — names, e-mail addresses, tokens. The boxes are
        solid black. From the keyboard: arrow keys move the box, Shift+arrows resize it, Enter
        covers it, Ctrl/⌘+Z undoes.
      </p>
      <div className="redact-stage">
        <div className="redact-frame">
          <canvas
            ref={canvas}
            className="redact-canvas"
            aria-label="Screenshot: drag to cover a region, or move a box with the arrow keys and press Enter"
            aria-describedby="redact-cursor"
            onFocus={() => setFocused(true)}
            onBlur={() => setFocused(false)}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              const p = toImage(e);
              setDrawing({ x: p.x, y: p.y, w: 0, h: 0 });
            }}
            onPointerMove={(e) => {
              if (!drawing) return;
              const p = toImage(e);
              setDrawing({ ...drawing, w: p.x - drawing.x, h: p.y - drawing.y });
            }}
            onPointerUp={() => {
              if (drawing) {
                const box = normal(drawing);
                if (box.w >= 2 && box.h >= 2) setBoxes([...boxes, box]);
              }
              setDrawing(null);
            }}
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z')
                return setBoxes(boxes.slice(0, -1));
              if (!image || !cursor) return;
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                return setBoxes([...boxes, cursor]);
              }
              const next = nudgeBox(cursor, e.key, e.shiftKey, image.width, image.height);
              if (next) {
                e.preventDefault();
                setCursor(next);
              }
            }}
            tabIndex={0}
          />
          {image && cursor && (
            <div
              className="redact-cursor"
              aria-hidden
              style={{
                left: `${(cursor.x / image.width) * 100}%`,
                top: `${(cursor.y / image.height) * 100}%`,
                width: `${(cursor.w / image.width) * 100}%`,
                height: `${(cursor.h / image.height) * 100}%`,
              }}
            />
          )}
        </div>
        <p id="redact-cursor" className="visually-hidden" aria-live="polite">
          {image && cursor ? describeBox(cursor, image.width, image.height) : ''}
        </p>
      </div>
      <FormError message={error} />
      <div className="dialog-actions">
        <span className="redact-count" role="status">
          {boxes.length} {boxes.length === 1 ? 'region' : 'regions'} covered
        </span>
        <button
          type="button"
          disabled={boxes.length === 0}
          onClick={() => setBoxes(boxes.slice(0, -1))}
        >
          Undo box
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!image || busy} onClick={attach}>
          Attach screenshot
        </button>
      </div>
    </Dialog>
  );
}

/** A stored screenshot as a thumbnail that opens full size. */
export function ScreenshotThumb({ hash }: { hash: string }) {
  const load = useAppStore((s) => s.screenshotUrl);
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    void load(hash).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [hash, load]);
  if (!url) return <span className="thumb placeholder">Screenshot…</span>;
  return (
    <>
      <button
        type="button"
        className="thumb"
        aria-label="Open screenshot"
        onClick={() => setOpen(true)}
      >
        <img src={url} alt="Screenshot attached to the note" />
      </button>
      {open && (
        <Dialog open title="Screenshot" onClose={() => setOpen(false)} className="wide">
          <img className="screenshot-full" src={url} alt="Screenshot attached to the note" />
          <div className="dialog-actions">
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
