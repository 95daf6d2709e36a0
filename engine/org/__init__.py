"""The organisation: units, roles, who may see what and act on which task, delegation, signing, the register."""
