import Spec

/// Hosts' Docker Engine addresses.
extension RuleCase {
    static let hosts: [RuleCase] = [
        RuleCase(
            title: "a host's engine address has no port",
            id: "lpai.host.engine-url", severity: .error,
            spec: Fixture.spec(hosts: """
                hosts:
                  orch-box: {docker: 1️⃣tcp://orch-box.example, tls: {ca: /ca.pem, cert: /cert.pem, key: /key.pem}}
                  gpu-box: {}
                """),
            message: ["host 'orch-box'", "needs a host and a port", "tcp://gpu-box-1.example:2376"]
        ),
        RuleCase(
            title: "a host's engine is plain TCP without TLS",
            id: "lpai.host.plain-tcp", severity: .error,
            spec: Fixture.spec(hosts: """
                hosts:
                  orch-box: {docker: 1️⃣"tcp://orch-box.example:2375"}
                  gpu-box: {}
                """),
            message: ["host 'orch-box'", "plain TCP", "insecure: true"]
        ),
        RuleCase(
            title: "plain TCP is accepted with insecure: true, with a warning",
            id: "lpai.host.insecure", severity: .warning,
            spec: Fixture.spec(hosts: """
                hosts:
                  orch-box: {docker: "tcp://orch-box.example:2375", insecure: 1️⃣true}
                  gpu-box: {}
                """),
            message: ["host 'orch-box'", "plain TCP", "Prefer tls"]
        ),
    ]
}
