// oracle prints go-spew's %#v dump (as hashutil.DeepHashObject writes it) and the ComputeHash value
// of a v1.33 PodTemplateSpec given as JSON on stdin, after the protobuf round trip's normalization
// (empty slices and maps become nil, quantities are re-parsed from their canonical string).
// With -schema it prints the Go type graph reachable from PodTemplateSpec instead.
package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/davecgh/go-spew/spew"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

var quantityType = reflect.TypeOf(resource.Quantity{})

func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Ptr:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == quantityType {
			q := v.Addr().Interface().(*resource.Quantity)
			p, err := resource.ParseQuantity(q.String())
			if err != nil {
				panic(err)
			}
			*q = p
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				normalize(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := 0; i < v.Len(); i++ {
			normalize(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			normalize(e)
			v.SetMapIndex(k, e)
		}
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-schema" {
		schema(reflect.TypeOf(v1.PodTemplateSpec{}), map[reflect.Type]bool{})
		return
	}
	in, _ := io.ReadAll(os.Stdin)
	var t v1.PodTemplateSpec
	if err := json.Unmarshal(in, &t); err != nil {
		panic(err)
	}
	normalize(reflect.ValueOf(&t).Elem())
	printer := spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true, SpewKeys: true}
	dump := printer.Sprintf("%#v", t)
	h := fnv.New32a()
	h.Write([]byte(dump))
	fmt.Println(dump)
	fmt.Println(safeEncode(strconv.FormatUint(uint64(h.Sum32()), 10)))
}

// rand.SafeEncodeString (apimachinery/pkg/util/rand/rand.go).
func safeEncode(s string) string {
	const alphanums = "bcdfghjklmnpqrstvwxz2456789"
	r := make([]byte, len(s))
	for i, b := range []rune(s) {
		r[i] = alphanums[int(b)%len(alphanums)]
	}
	return string(r)
}

func schema(t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Ptr, reflect.Slice:
		fmt.Printf("%s %s %s\n", t.String(), t.Kind(), t.Elem().String())
		schema(t.Elem(), seen)
	case reflect.Map:
		fmt.Printf("%s map %s %s\n", t.String(), t.Key().String(), t.Elem().String())
		schema(t.Key(), seen)
		schema(t.Elem(), seen)
	case reflect.Struct:
		var fields []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("json"), ",")[0]
			fields = append(fields, fmt.Sprintf("%s/%s/%s", f.Name, tag, f.Type.String()))
		}
		fmt.Printf("%s struct %s\n", t.String(), strings.Join(fields, " "))
		for i := 0; i < t.NumField(); i++ {
			schema(t.Field(i).Type, seen)
		}
	default:
		fmt.Printf("%s %s\n", t.String(), t.Kind())
	}
}
