import './lib/zod-jitless.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import './index.css'
import { firstPhotoPainted } from './lib/firstLoad.ts'
import { watchTheme } from './lib/theme.ts'

watchTheme()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

// A signed-in feed's HTML carries its first photo: let it paint before React replaces the frame.
void firstPhotoPainted(1500).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
