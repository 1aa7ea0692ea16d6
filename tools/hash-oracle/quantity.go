// quantity prints, for each argument, ParseQuantity(arg).String() and the same after RoundUp(-3):
// what crates/api/src/quantity.rs stored_forms_match_go checks. Built like oracle.go (README.md).
package main

import (
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/api/resource"
)

func main() {
	for _, s := range os.Args[1:] {
		q, err := resource.ParseQuantity(s)
		if err != nil {
			fmt.Printf("%s ERR\n", s)
			continue
		}
		r := q.DeepCopy()
		r.RoundUp(-3)
		fmt.Printf("%s %s %s\n", s, q.String(), r.String())
	}
}
