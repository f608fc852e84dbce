import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp, portalCsp } from '../../functions/http/html.js';
import { bucketName } from '../stateful-stack.js';
import { projectRoot } from './paths.js';

/**
 * The recipient portal (portal/): static files in a private bucket behind CloudFront (origin access
 * control), on the same origin as the API (every other path goes to API Gateway), so the portal's strict
 * Content-Security-Policy (`connect-src 'self'`) lets it call the citizen API and nothing else.
 */
export class Portal extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: { api: RestApi; stage: string }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Public static files of the portal, published from the repository; CloudFront serves and logs the reads.',
    });

    const policy = (id: string, csp: string) =>
      new ResponseHeadersPolicy(this, id, {
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(365),
            includeSubdomains: true,
            override: true,
          },
        },
      });
    const headers = policy('Headers', portalCsp);
    // The console sends bulk files to presigned URLs of the uploads bucket and reads reports from the
    // reports bucket (virtual-hosted URLs): those two hosts are added to connect-src.
    const bucketRegion = Stack.of(this).region;
    const consoleHeaders = policy(
      'ConsoleHeaders',
      consoleCsp(
        ['Uploads', 'Reports'].map(
          (id) => `https://${bucketName(props.stage, id)}.s3.${bucketRegion}.amazonaws.com`,
        ),
      ),
    );
    // `/portal/` → `/portal/index.html`, `/console/` → `/console/index.html` (S3 has no directory index
    // behind OAC).
    const index = new CloudFrontFunction(this, 'Index', {
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; var m = /^\\/(portal|console)\\/?$/.exec(r.uri); if (m) { r.uri = '/' + m[1] + '/index.html'; } return r; }",
      ),
    });
    const files = S3BucketOrigin.withOriginAccessControl(this.bucket);

    this.distribution = new Distribution(this, 'Cdn', {
      comment: `İYS ${props.stage}: recipient portal, provider console and API`,
      defaultBehavior: {
        origin: new RestApiOrigin(props.api),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      },
      additionalBehaviors: {
        '/portal*': {
          origin: files,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: headers,
          functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        '/console*': {
          origin: files,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: consoleHeaders,
          functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Recipients may manage their consents from abroad; no geo restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF web ACLs are attached per environment (docs/deploy.md); API Gateway throttles the public methods.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Access logs go to the environment’s central log bucket, configured at deployment (docs/deploy.md).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate until the environment’s custom domain and certificate are attached (TLSv1.2_2021 then).',
      },
    );

    const publish = new BucketDeployment(this, 'Publish', {
      sources: [Source.asset(path.join(projectRoot, 'portal'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'portal/',
      distribution: this.distribution,
      distributionPaths: ['/portal/*'],
    });
    // The console's files under console/ in the same bucket (each deployment prunes only its own prefix).
    new BucketDeployment(this, 'PublishConsole', {
      sources: [Source.asset(path.join(projectRoot, 'console'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'console/',
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
    });
    // CDK's own deployment function (one per stack, created by BucketDeployment): acknowledged with reasons.
    const reason =
      'CDK-managed BucketDeployment function that copies the portal files at deploy time; AWS CDK owns its runtime and policy.';
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      for (const c of [child, ...child.node.findAll()]) {
        Validations.of(c).acknowledge(
          { id: 'AwsSolutions-L1', reason },
          {
            id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason,
          },
          { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason },
          { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason },
          { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason },
          { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason },
          { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason },
          {
            id: 'AwsSolutions-IAM5[Resource::*]',
            reason: `${reason} (CloudFront invalidation has no resource-level permission)`,
          },
          {
            id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*]`,
            reason,
          },
          {
            // The CDK asset bucket, as cdk-nag prints it (pseudo parameters where the environment is unresolved).
            id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`,
            reason,
          },
        );
      }
    }
    void publish;
  }
}
