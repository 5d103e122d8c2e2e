antenna_patterns = []
territory_patterns = []
api_antenna_patterns = []
api_territory_patterns = []
