package core

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// FAQ is one entry of よくある質問 (SPEC §12, seed 002): a question of a topic
// and its answer, which says where in the portal to go, in Japanese and English.
type FAQ struct {
	Topic      string `json:"topic"`
	TopicEn    string `json:"topic_en"`
	Question   string `json:"question"`
	QuestionEn string `json:"question_en"`
	Answer     string `json:"answer"`
	AnswerEn   string `json:"answer_en"`
}

// FAQTopic is the entries of one topic, as a search returns them.
type FAQTopic struct {
	Topic   string
	Entries []FAQ
}

// In returns the entry's texts in the language ("en" or Japanese).
func (f FAQ) In(lang string) (topic, question, answer string) {
	if lang == "en" {
		return f.TopicEn, f.QuestionEn, f.AnswerEn
	}
	return f.Topic, f.Question, f.Answer
}

// SearchFAQ returns the entries whose topic, question or answer in the
// language hold every word of the query, grouped by topic in catalog order
// (a topic where it first appears, its entries in their order). The query and
// the texts are folded alike: full-width and half-width forms match, katakana
// match hiragana, Latin letters match whatever their case. An empty query
// returns every entry.
func SearchFAQ(entries []FAQ, lang, query string) []FAQTopic {
	words := strings.Fields(foldSearch(query))
	var out []FAQTopic
	at := map[string]int{}
	for _, f := range entries {
		topic, q, a := f.In(lang)
		text := foldSearch(topic + "\n" + q + "\n" + a)
		matched := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				matched = false
				break
			}
		}
		if !matched {
			continue
		}
		i, ok := at[topic]
		if !ok {
			i = len(out)
			at[topic] = i
			out = append(out, FAQTopic{Topic: topic})
		}
		out[i].Entries = append(out[i].Entries, f)
	}
	return out
}

// FAQ is SearchFAQ over the catalog's entries. It reads only the catalog,
// public to anyone: the login screen offers it before a login, so it is no
// procedure of the permission matrix.
func (s *Service) FAQ(lang, query string) []FAQTopic { return SearchFAQ(s.cat.FAQ, lang, query) }

// foldSearch folds a text for SearchFAQ: width (ＡＢＣ → ABC, ｶﾞ → ガ, the
// ideographic space → a space), katakana to hiragana, then lower case.
func foldSearch(s string) string {
	s = norm.NFC.String(width.Fold.String(s))
	return strings.Map(func(r rune) rune {
		// ァ (U+30A1) … ヶ (U+30F6) lie 0x60 above ぁ … ゖ; ー and ・ have no hiragana.
		if r >= 'ァ' && r <= 'ヶ' {
			return r - 0x60
		}
		return unicode.ToLower(r)
	}, s)
}
