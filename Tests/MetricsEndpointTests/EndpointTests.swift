@testable import FeedwatchDaemon
import FeedwatchConfig
import Foundation
import Metrics
import MetricsEndpoint
import Testing
import TestSupport

/// The endpoint over real loopback sockets: what each path and method answers, and what a
/// misbehaving client gets (huge heads, silence, a flood of connections, a body).
struct EndpointTests {
    /// A served `MetricsService` with the daemon's real probes, on a port the kernel picked.
    struct Served {
        let service = MetricsService()
        let probes = ServiceProbes()
        let endpoint: HTTPEndpoint
        var port: UInt16 { endpoint.address.port }

        init(limits: EndpointLimits = EndpointLimits()) throws {
            endpoint = try service.serve(on: ListenAddress(host: "127.0.0.1", port: 0, family: .ipv4),
                                         probe: Probe(probes: probes), limits: limits)
        }
    }

    struct Probe: ServiceProbe {
        let probes: ServiceProbes
        var isAlive: Bool { probes.isAlive }
        var isReady: Bool { probes.isReady }
        func collect() { probes.collect() }
    }

    @Test func pathsAndMethods() throws {
        let served = try Served()
        defer { served.endpoint.stop() }
        Counter(label: "feedwatch_alerts_written_total", factory: served.service.factory).increment(by: 3)

        let metrics = try #require(try rawRequest(port: served.port, "/metrics"))
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.headers["connection"] == "close")
        #expect(metrics.text.contains("# HELP feedwatch_alerts_written_total Alert lines written to the alert log.\n"))
        #expect(metrics.text.contains("\nfeedwatch_alerts_written_total 3\n"))
        #expect(metrics.text.contains("\nprocess_resident_memory_bytes "))

        let head = try #require(try rawRequest(port: served.port, "/metrics?ignored=1", method: "HEAD"))
        #expect(head.status == 200 && head.body.isEmpty && Int(head.headers["content-length"] ?? "") ?? 0 > 0)

        #expect(try rawRequest(port: served.port, "/healthz")?.status == 503, "no scheduler beat yet")
        #expect(try rawRequest(port: served.port, "/readyz")?.status == 503)
        served.probes.beat()
        served.probes.setReady(true)
        #expect(try rawRequest(port: served.port, "/healthz")?.status == 200)
        #expect(try rawRequest(port: served.port, "/readyz")?.status == 200)

        for path in ["/", "/metrics/", "/metricsx", "/../metrics", "/favicon.ico"] {
            #expect(try rawRequest(port: served.port, path)?.status == 404, "\(path)")
        }
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "get"] {
            let answer = try #require(try rawRequest(port: served.port, "/metrics", method: method))
            #expect(answer.status == 405, "\(method)")
            #expect(answer.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func malformedRequestLines() throws {
        let served = try Served()
        defer { served.endpoint.stop() }
        for line in ["GET /metrics", "GET  /metrics HTTP/1.1", "GET /metrics HTTP/1.1 extra", "\u{1}GET /metrics HTTP/1.1",
                     "GET /metrics FTP/1.0", "", "GET /me\u{7F}trics HTTP/1.1"] {
            let connection = try RawConnection(port: served.port)
            connection.send(line + "\r\n\r\n")
            #expect(connection.response()?.status == 400, "\(line.debugDescription)")
        }
        let connection = try RawConnection(port: served.port)
        connection.send("GET /metrics HTTP/2.0\r\n\r\n")
        #expect(connection.response()?.status == 505)
    }

    /// A head past the limit is answered 431 whether or not it ever ends.
    @Test func hugeHeadersGet431() throws {
        let served = try Served()
        defer { served.endpoint.stop() }
        let endless = try RawConnection(port: served.port)
        endless.send("GET /metrics HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 20_000))
        #expect(endless.response()?.status == 431)

        let many = try RawConnection(port: served.port)
        var head = "GET /metrics HTTP/1.1\r\n"
        for index in 0..<2000 { head += "X-\(index): 1\r\n" }
        many.send(head + "\r\n")
        #expect(many.response()?.status == 431)
        #expect(try rawRequest(port: served.port, "/metrics")?.status == 200, "the next client is served")
    }

    /// A client that never finishes its head is answered 408 and dropped at the deadline.
    @Test func slowClientsAreCutOff() throws {
        var limits = EndpointLimits()
        limits.requestTimeout = .milliseconds(300)
        let served = try Served(limits: limits)
        defer { served.endpoint.stop() }
        let silent = try RawConnection(port: served.port)
        let trickle = try RawConnection(port: served.port)
        trickle.send("GET /metr")
        #expect(silent.response()?.status == 408)
        #expect(trickle.response()?.status == 408)
        #expect(try rawRequest(port: served.port, "/metrics")?.status == 200)
    }

    /// Past the connection limit a client gets 503 at once; the held ones are unaffected and
    /// the endpoint serves again once they are gone.
    @Test func connectionsBeyondTheLimitAreRefused() throws {
        var limits = EndpointLimits()
        limits.maxConnections = 4
        limits.requestTimeout = .seconds(30)
        let served = try Served(limits: limits)
        defer { served.endpoint.stop() }
        let held = try (0..<4).map { _ in try RawConnection(port: served.port) }
        // The server accepts in its own time: a refusal proves all four are held.
        var refused: RawResponse?
        for _ in 0..<50 where refused?.status != 503 {
            refused = try rawRequest(port: served.port, "/metrics")
        }
        #expect(refused?.status == 503)
        held[0].send("GET /readyz HTTP/1.1\r\n\r\n")
        #expect(held[0].response()?.status == 503)
        held.forEach { $0.close() }
        var served200 = false
        for _ in 0..<200 where !served200 {
            served200 = try rawRequest(port: served.port, "/metrics")?.status == 200
            if !served200 { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(served200)
    }

    /// A body is never read: the answer comes right after the head, and the connection closes.
    @Test func aBodyIsNotRead() throws {
        let served = try Served()
        defer { served.endpoint.stop() }
        let connection = try RawConnection(port: served.port)
        connection.send("POST /metrics HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n" + String(repeating: "x", count: 1000))
        let answer = try #require(connection.response())
        #expect(answer.status == 405)
        #expect(answer.text == "Method Not Allowed\n")
        let get = try RawConnection(port: served.port)
        get.send("GET /healthz HTTP/1.1\r\nContent-Length: 5\r\n\r\n")
        #expect(get.response()?.status == 503)
    }

    @Test func stopClosesThePort() throws {
        let served = try Served()
        let port = served.port
        #expect(try rawRequest(port: port, "/readyz")?.status == 503)
        served.endpoint.stop()
        #expect(throws: (any Error).self) { try RawConnection(port: port) }
    }

    @Test func aTakenPortIsAnError() throws {
        let served = try Served()
        defer { served.endpoint.stop() }
        let again = ListenAddress(host: "127.0.0.1", port: served.port, family: .ipv4)
        #expect(throws: EndpointError.self) { try MetricsService().serve(on: again, probe: Probe(probes: ServiceProbes())) }
    }

    /// IPv6 loopback, where the machine has it.
    @Test func servesOnIPv6Loopback() throws {
        let listen = ListenAddress(host: "::1", port: 0, family: .ipv6)
        let endpoint: HTTPEndpoint
        do {
            endpoint = try MetricsService().serve(on: listen, probe: Probe(probes: ServiceProbes()))
        } catch {
            // No IPv6 on this machine: binding ::1 fails with EADDRNOTAVAIL, said plainly.
            #expect(error.description.contains("cannot listen on [::1]:0"))
            return
        }
        defer { endpoint.stop() }
        #expect(endpoint.address.port != 0)
        #expect(endpoint.address.description == "[::1]:\(endpoint.address.port)")
    }
}
