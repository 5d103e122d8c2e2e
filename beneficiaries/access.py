"""Who may see what beyond the scoped querysets."""


def can_see_disability(membership, beneficiary=None) -> bool:
    """Disability recognition is sensitive: the antenna manager and the social workers of the
    referring structure only (not the rest of the antenna team)."""
    if membership is None:
        return False
    if membership.is_manager:
        return True
    if membership.is_social_worker:
        return beneficiary is None or beneficiary.referring_structure_id == membership.structure_id
    return False
