// exifr's browser bundle (JPEG and HEIC, TIFF/EXIF and XMP: GPS included), a third smaller than
// its default (full, for Node). Its functions are the package's own, typed in its index.d.ts.
declare module 'exifr/dist/lite.esm.mjs' {
  export { gps } from 'exifr'
}
