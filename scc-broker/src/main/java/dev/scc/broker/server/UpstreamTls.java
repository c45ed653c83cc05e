package dev.scc.broker.server;

import dev.scc.broker.config.BrokerConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context the broker uses towards upstreams: the JDK's trusted CAs plus the org's CA bundle (PEM), with
 * certificate chain and host name verification always on. There is no switch to turn verification off.
 */
public final class UpstreamTls {
    private UpstreamTls() {}

    /**
     * @param caBundle extra CA certificates (PEM, one or more)
     * @throws BrokerConfigException if the bundle is missing, unreadable or holds no certificate
     */
    public static SSLContext context(Optional<Path> caBundle) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int i = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        ks.setCertificateEntry("system-" + i++, c);
                    }
                }
            }
            if (caBundle.isPresent()) {
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(caBundle.get())) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                } catch (IOException e) {
                    throw new BrokerConfigException("broker.ca_bundle: cannot read " + caBundle.get() + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                } catch (java.security.cert.CertificateException e) {
                    throw new BrokerConfigException("broker.ca_bundle: " + caBundle.get()
                            + " is not a PEM file of CA certificates (" + e.getMessage() + ")");
                }
                if (certs.isEmpty()) {
                    throw new BrokerConfigException("broker.ca_bundle: " + caBundle.get() + " holds no certificate");
                }
                for (Certificate c : certs) {
                    ks.setCertificateEntry("org-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up upstream TLS: " + e.getMessage(), e);
        }
    }
}
