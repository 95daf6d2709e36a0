"""Plans (Kế hoạch): their lifecycle operations, the plan list and page, and official documents."""
