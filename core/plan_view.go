package core

// PlanChangeMonths are the start months a plan change may be asked for now:
// the current month and the PlanChangeAhead months after it (SPEC §11.1), in
// order, for the screen to offer as they are.
func (s *Service) PlanChangeMonths() []Month {
	cur := MonthOf(s.Now())
	out := make([]Month, 0, PlanChangeAhead+1)
	for i := 0; i <= PlanChangeAhead; i++ {
		out = append(out, cur.Add(i))
	}
	return out
}
