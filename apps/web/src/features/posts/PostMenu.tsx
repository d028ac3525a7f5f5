import { Pencil, Trash2 } from 'lucide-react'
import { MenuButton } from '../../components/MenuButton.tsx'

type Props = { onEdit: () => void; onDelete: () => void }

/** The author's actions on a post, behind a "More options" button. */
export function PostMenu({ onEdit, onDelete }: Props) {
  return (
    <MenuButton
      menuLabel="Post options"
      items={[
        { label: 'Edit caption', icon: Pencil, onSelect: onEdit },
        { label: 'Delete post', icon: Trash2, danger: true, onSelect: onDelete },
      ]}
    />
  )
}
