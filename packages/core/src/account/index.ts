export { deleteAccount } from './delete-account.ts'
export { downloadExport, EXPORT_KEEP_MS, exportKey, requestExport, type ExportDownload } from './export.service.ts'
export { buildExport, type ExportBuildDeps } from './export.build.ts'
export type { ExportData } from './export.data.ts'
