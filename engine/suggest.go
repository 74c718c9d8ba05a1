package engine

// Closest returns the candidate nearest to name by edit distance when it is
// near enough to be a likely misspelling (fewer than half of name's letters
// plus two, and at most three, edits away), else "". A candidate equal to
// name is not a suggestion. Ties go to the earlier candidate, so callers
// pass them sorted. Every "did you mean" of sevenflow comes from here.
func Closest(name string, candidates []string) string {
	best, bestDist := "", min(len(name)/2+2, 4)
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == name {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
