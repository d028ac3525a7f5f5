export { requireAdmin, setAdmin } from './admin.service.ts'
export { listReports, reportPost, type Report } from './report.service.ts'
