package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
)

// runBalancer is the fallback load balancer: round robin over the
// backends given as host:port,host:port, WebSocket upgrades included
// (httputil.ReverseProxy passes them through).
func runBalancer(args []string) {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usersim lb host:port,host:port,...")
		os.Exit(2)
	}
	var proxies []*httputil.ReverseProxy
	for _, be := range strings.Split(args[0], ",") {
		u := &url.URL{Scheme: "http", Host: be}
		p := httputil.NewSingleHostReverseProxy(u)
		p.Transport = &http.Transport{MaxIdleConnsPerHost: 1000}
		proxies = append(proxies, p)
	}
	var next atomic.Uint64
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("balancer listening at http://" + l.Addr().String())
	http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxies[next.Add(1)%uint64(len(proxies))].ServeHTTP(w, r)
	}))
}
